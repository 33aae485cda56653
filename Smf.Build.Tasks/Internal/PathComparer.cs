using System.Runtime.InteropServices;

namespace Smf.Build.Tasks.Internal;

/// <summary>Compares full paths the way the file system does: ignoring case on Windows and macOS.</summary>
internal static class PathComparer
{
    public static readonly StringComparer Instance =
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
}
