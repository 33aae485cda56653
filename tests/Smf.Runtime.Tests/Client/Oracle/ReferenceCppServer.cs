using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Smf.Runtime.Tests.Client.Oracle;

/// <summary>
/// Runs <c>smf_reference_server.cpp</c>: an smf server built on Google's C++ FlatBuffers (flatc --cpp and
/// flatbuffers::Verifier), independent of everything in Smf.Runtime. The binary is compiled with g++ into
/// the temp folder once per content hash.
/// </summary>
internal sealed class ReferenceCppServer : IAsyncDisposable
{
    private const string InstallHint = "install with: sudo apt-get install -y flatbuffers-compiler libflatbuffers-dev g++";
    private static readonly SemaphoreSlim BuildGate = new(1, 1);
    private readonly Process _process;

    private ReferenceCppServer(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<ReferenceCppServer> StartAsync()
    {
        var binary = await BuildAsync();
        var process = Process.Start(new ProcessStartInfo(binary, "0") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            Assert.Fail($"The reference server did not start: '{line}' {await process.StandardError.ReadToEndAsync()}");
        }

        return new ReferenceCppServer(process, new IPEndPoint(IPAddress.Loopback, int.Parse(line!["listening ".Length..])));
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static async Task<string> BuildAsync()
    {
        var flatc = FindTool("flatc");
        var gxx = FindTool("g++");
        if (flatc is null || gxx is null || !File.Exists("/usr/include/flatbuffers/flatbuffers.h"))
        {
            Assert.Inconclusive($"The C++ reference server needs flatc, g++ and the FlatBuffers headers; {InstallHint}");
        }

        var source = Path.Combine(AppContext.BaseDirectory, "Client", "Oracle", "smf_reference_server.cpp");
        var schema = Path.Combine(AppContext.BaseDirectory, "Client", "Oracle", "kvstore.fbs");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + File.ReadAllText(schema) + flatc + gxx)))[..16];
        var directory = Path.Combine(Path.GetTempPath(), $"smf-client-oracle-{hash}");
        var binary = Path.Combine(directory, "smf_reference_server");
        await BuildGate.WaitAsync();
        try
        {
            if (File.Exists(binary))
            {
                return binary;
            }

            Directory.CreateDirectory(directory);
            await RunAsync(flatc!, "--cpp", "-o", directory, schema);
            var temporary = $"{binary}.{Environment.ProcessId}.tmp";
            await RunAsync(gxx!, "-std=c++17", "-O1", "-I", directory, "-o", temporary, source, "-lpthread");
            File.Move(temporary, binary, overwrite: true);
            return binary;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, process.ExitCode, $"{tool} {string.Join(' ', arguments)} failed: {await output}{await error}");
    }

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
