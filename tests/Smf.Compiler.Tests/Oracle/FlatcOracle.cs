using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Smf.Compiler.Tests.Oracle;

/// <summary>
/// Runs Google's FlatBuffers parser (libflatbuffers, flatbuffers/idl.h) over schema files through the small C++
/// helper flatc_oracle.cpp, compiled with g++ on first use and cached in the temp folder by content hash.
/// </summary>
internal static class FlatcOracle
{
    public const string InstallHint = "install with: sudo apt-get install -y flatbuffers-compiler libflatbuffers-dev g++";

    private static readonly Lazy<(string? Path, string? Problem)> Binary = new(Build);

    /// <summary>Runs the oracle over the files; returns the per-file report, or null with the reason it cannot run.</summary>
    public static Dictionary<string, OracleReport>? Run(IReadOnlyList<string> files, out string? problem)
    {
        var (path, buildProblem) = Binary.Value;
        if (path is null)
        {
            problem = buildProblem;
            return null;
        }

        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(true);
            problem = "The flatc oracle did not finish within 60 s.";
            return null;
        }

        var output = stdoutTask.Result;
        _ = stderrTask.Result;
        problem = null;
        return OracleReport.ParseAll(output);
    }

    private static (string? Path, string? Problem) Build()
    {
        if (!File.Exists("/usr/include/flatbuffers/idl.h"))
        {
            return (null, "flatbuffers/idl.h is missing; " + InstallHint);
        }

        var compiler = FindOnPath("g++");
        if (compiler is null)
        {
            return (null, "g++ is missing; " + InstallHint);
        }

        var source = Path.Combine(AppContext.BaseDirectory, "Oracle", "flatc_oracle.cpp");
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(source)))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "smf-compiler-oracle", hash);
        var binary = Path.Combine(directory, "flatc_oracle");
        if (File.Exists(binary))
        {
            return (binary, null);
        }

        Directory.CreateDirectory(directory);
        var temporary = binary + "." + Environment.ProcessId + ".tmp";
        var start = new ProcessStartInfo(compiler) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-std=c++17", "-O1", "-o", temporary, source, "-lflatbuffers" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(180_000) || process.ExitCode != 0)
        {
            return (null, "Compiling the flatc oracle failed (" + stderr.Result.Trim() + "); " + InstallHint);
        }

        File.Move(temporary, binary, overwrite: true);
        return (binary, null);
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            if (directory.Length > 0 && File.Exists(Path.Combine(directory, name)))
            {
                return Path.Combine(directory, name);
            }
        }

        return null;
    }
}
