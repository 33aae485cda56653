using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>Google's flatc and g++ with the FlatBuffers headers: detection, process runs and a content-hash build cache.</summary>
internal static class OracleTools
{
    public const string InstallHint = "The FlatBuffers oracle (flatc, /usr/include/flatbuffers, g++) is missing; install with: sudo apt-get install -y flatbuffers-compiler libflatbuffers-dev g++";

    private static readonly Lazy<string?> FlatcPath = new(() => Which("flatc"));
    private static readonly Lazy<string?> GxxPath = new(() => Which("g++"));

    public static string Flatc => FlatcPath.Value ?? throw new AssertInconclusiveException(InstallHint);

    public static string Gxx => GxxPath.Value ?? throw new AssertInconclusiveException(InstallHint);

    /// <summary>Marks the test inconclusive (never passed) when the oracle tools are not installed.</summary>
    public static void Require()
    {
        if (FlatcPath.Value is null || GxxPath.Value is null || !File.Exists("/usr/include/flatbuffers/flatbuffers.h"))
        {
            Assert.Inconclusive(InstallHint);
        }
    }

    /// <summary>A cache folder for oracle builds, shared by test runs; entries are keyed by the hash of their inputs.</summary>
    public static string CacheDirectory(string key)
    {
        var root = Path.Combine(Path.GetTempPath(), "smf-codegen-oracle");
        var directory = Path.Combine(root, key);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A fresh scratch folder for one test.</summary>
    public static string ScratchDirectory(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "smf-codegen-scratch", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string Hash(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0000", parts)));
        return Convert.ToHexString(bytes)[..16].ToLowerInvariant();
    }

    /// <summary>Runs a tool; fails the test with its output when it exits non-zero (unless allowed).</summary>
    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, string workingDirectory, bool allowFailure = false, int timeoutMs = 120_000)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException(fileName + " did not finish within " + timeoutMs + " ms.");
        }

        var output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new AssertFailedException(fileName + " " + string.Join(" ", start.ArgumentList) + " exited with " + process.ExitCode + ":\n" + output);
        }

        return (process.ExitCode, output);
    }

    private static string? Which(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
