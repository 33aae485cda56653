using System.Text;

namespace Smf.Build.Tasks.Internal;

/// <summary>
/// Writes a file only when its content changes, so an unchanged output keeps its timestamp and the
/// C# compiler (whose Inputs include it) stays incremental.
/// </summary>
internal static class FileUpdater
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> as UTF-8 (no BOM) unless the file already holds exactly it.</summary>
    /// <returns>True when the file was written, false when it was already up to date.</returns>
    /// <exception cref="IOException">The file or its folder could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder is not writable.</exception>
    public static bool WriteIfChanged(string path, string content)
    {
        var bytes = Utf8NoBom.GetBytes(content);
        if (File.Exists(path))
        {
            var info = new FileInfo(path);
            if (info.Length == bytes.Length && SameBytes(File.ReadAllBytes(path), bytes))
            {
                return false;
            }
        }

        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllBytes(path, bytes);
        return true;
    }

    private static bool SameBytes(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
