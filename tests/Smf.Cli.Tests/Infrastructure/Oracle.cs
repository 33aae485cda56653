using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>
/// Google's reference implementation: <c>flatc</c> (JSON to binary and back) and the C++ reflection verifier
/// (<c>verify.cpp</c> built once with g++ against libflatbuffers, cached in the temp folder by content hash).
/// Missing tools make a test inconclusive with the command that installs them.
/// </summary>
internal static class Oracle
{
    public const string InstallHint = "Google's FlatBuffers tools are missing; install them with: sudo apt-get install -y flatbuffers-compiler libflatbuffers-dev g++";

    private static readonly Lazy<string?> FlatcPath = new(() => Which("flatc"));
    private static readonly Lazy<string?> GxxPath = new(() => Which("g++"));
    private static readonly Lock BuildLock = new();

    public static string Flatc => FlatcPath.Value ?? throw new AssertInconclusiveException(InstallHint);

    public static string SchemaPath(string name) => Path.Combine(AppContext.BaseDirectory, "Schemas", name);

    /// <summary>A scratch folder under the temp folder, deleted by the caller.</summary>
    public static string Scratch(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), "smf-cli-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary><c>flatc -b</c>: one buffer per JSON document, with <paramref name="rootType"/> as the root table.</summary>
    public static byte[][] ToBinary(string schema, string rootType, IReadOnlyList<string> documents)
    {
        var directory = Scratch("flatc-b");
        try
        {
            var arguments = new List<string> { "-b", "--root-type", rootType, "-o", directory, schema };
            for (var i = 0; i < documents.Count; i++)
            {
                var path = Path.Combine(directory, $"doc{i}.json");
                File.WriteAllText(path, documents[i]);
                arguments.Add(path);
            }

            Run(Flatc, arguments, directory);
            return Enumerable.Range(0, documents.Count).Select(i => File.ReadAllBytes(Path.Combine(directory, $"doc{i}.bin"))).ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary><c>flatc --json --strict-json --raw-binary</c>: each buffer printed as JSON.</summary>
    public static string[] ToJson(string schema, string rootType, IReadOnlyList<byte[]> buffers)
    {
        var directory = Scratch("flatc-json");
        try
        {
            var arguments = new List<string> { "--json", "--strict-json", "--raw-binary", "--root-type", rootType, "-o", directory, schema, "--" };
            for (var i = 0; i < buffers.Count; i++)
            {
                var path = Path.Combine(directory, $"buf{i}.bin");
                File.WriteAllBytes(path, buffers[i]);
                arguments.Add(path);
            }

            Run(Flatc, arguments, directory);
            return Enumerable.Range(0, buffers.Count).Select(i => File.ReadAllText(Path.Combine(directory, $"buf{i}.json"))).ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The C++ reflection verifier's verdict on each buffer (<c>flatbuffers::Verify</c> over the schema's .bfbs).</summary>
    public static bool[] Verify(string schema, string rootType, IReadOnlyList<byte[]> buffers)
    {
        var verifier = BuildVerifier();
        var directory = Scratch("verify");
        try
        {
            Run(Flatc, ["-b", "--schema", "-o", directory, schema], directory);
            var bfbs = Path.Combine(directory, Path.GetFileNameWithoutExtension(schema) + ".bfbs");
            var arguments = new List<string> { bfbs, rootType };
            for (var i = 0; i < buffers.Count; i++)
            {
                var path = Path.Combine(directory, $"buf{i}.bin");
                File.WriteAllBytes(path, buffers[i]);
                arguments.Add(path);
            }

            var output = Run(verifier, arguments, directory);
            var verdicts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.StartsWith("ok ", StringComparison.Ordinal)).ToArray();
            Assert.HasCount(buffers.Count, verdicts, output);
            return verdicts;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string BuildVerifier()
    {
        var gxx = GxxPath.Value;
        if (gxx is null || FlatcPath.Value is null || !File.Exists("/usr/include/flatbuffers/reflection.h"))
        {
            Assert.Inconclusive(InstallHint);
        }

        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Infrastructure", "verify.cpp"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)))[..16].ToLowerInvariant();
        var directory = Path.Combine(Path.GetTempPath(), "smf-cli-oracle", hash);
        var binary = Path.Combine(directory, "verify");
        lock (BuildLock)
        {
            if (!File.Exists(binary))
            {
                Directory.CreateDirectory(directory);
                var sourcePath = Path.Combine(directory, "verify.cpp");
                File.WriteAllText(sourcePath, source);
                var temporary = binary + "." + Environment.ProcessId;
                Run(gxx!, ["-O1", "-o", temporary, sourcePath, "-lflatbuffers"], directory);
                File.Move(temporary, binary, overwrite: true);
            }
        }

        return binary;
    }

    private static string Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
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
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{fileName} did not finish within 120 s.");
        }

        if (process.ExitCode != 0)
        {
            Assert.Fail($"{fileName} {string.Join(" ", start.ArgumentList)} exited with {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
        }

        return stdout.Result;
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
}
