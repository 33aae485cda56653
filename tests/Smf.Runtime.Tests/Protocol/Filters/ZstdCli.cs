using System.Diagnostics;

namespace Smf.Runtime.Tests.Protocol.Filters;

/// <summary>Debian's <c>zstd</c> command, the independent zstd implementation the filter is checked against.</summary>
internal static class ZstdCli
{
    public static string RequirePath()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, "zstd");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Inconclusive("The zstd command is missing; install with: sudo apt-get install -y zstd");
        return "";
    }

    /// <summary>Runs zstd with <paramref name="arguments"/> and returns its standard output bytes; fails on a non-zero exit.</summary>
    public static byte[] Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(RequirePath()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        var error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(30_000), "zstd did not finish within 30 s.");
        copy.Wait();
        Assert.AreEqual(0, process.ExitCode, $"zstd {string.Join(' ', arguments)} failed: {error.Result}");
        return output.ToArray();
    }

    public static string TempFile(string name) =>
        Path.Combine(Path.GetTempPath(), $"smf-zstd-{Environment.ProcessId}-{Guid.NewGuid():N}-{name}");
}
