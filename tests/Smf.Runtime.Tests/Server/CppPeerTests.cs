using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Google.FlatBuffers;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// An independent peer: a C++ client built with Google's flatc and FlatBuffers headers, with CRC-32 and XXH64
/// written from their specifications (Oracle/smf_peer.cc), calls MemoryNode.Put on our server, pipelined, and
/// checks every reply header, checksum and payload with the C++ verifier.
/// </summary>
[TestClass]
public sealed class CppPeerTests
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Put_CppPeerPipelines200Calls_EveryReplyPassesItsChecks(RpcTransport transport)
    {
        var peer = await BuildPeerAsync();
        await using var owned = OwnedServer.Create(2, new RpcServerOptions { Port = 0, Transport = transport });
        var server = owned.Server;
        await using (server)
        {
            server.AddService(_ => new CheckingPutService());
            await server.StartAsync();

            var (exitCode, output) = await RunAsync(peer, server.LocalEndPoint.Port.ToString(), "200");

            Assert.AreEqual(0, exitCode, output);
            StringAssert.StartsWith(output, "ok 200");
        }
    }

    private static async Task<string> BuildPeerAsync()
    {
        var flatc = FindTool("flatc");
        var gxx = FindTool("g++");
        if (flatc is null || gxx is null || !File.Exists("/usr/include/flatbuffers/flatbuffers.h"))
        {
            Assert.Inconclusive("flatc, g++ or the FlatBuffers headers are missing; install with: sudo apt-get install -y flatbuffers-compiler libflatbuffers-dev g++");
        }

        var sources = Path.Combine(AppContext.BaseDirectory, "Server", "Oracle");
        var peerSource = await File.ReadAllTextAsync(Path.Combine(sources, "smf_peer.cc"));
        var schema = await File.ReadAllTextAsync(Path.Combine(sources, "kvstore.fbs"));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(peerSource + "\0" + schema)))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "smf-runtime-tests", "cpp-peer-" + hash);
        var binary = Path.Combine(directory, "smf_peer");
        await BuildLock.WaitAsync();
        try
        {
            if (File.Exists(binary))
            {
                return binary;
            }

            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, "kvstore.fbs"), schema);
            await File.WriteAllTextAsync(Path.Combine(directory, "smf_peer.cc"), peerSource);
            await RunCheckedAsync(flatc!, "--cpp", "-o", directory, Path.Combine(directory, "kvstore.fbs"));
            var temporary = binary + "." + Environment.ProcessId + ".tmp";
            await RunCheckedAsync(gxx!, "-O1", "-std=c++17", "-I", directory, "-o", temporary, Path.Combine(directory, "smf_peer.cc"));
            File.Move(temporary, binary, overwrite: true);
            return binary;
        }
        finally
        {
            BuildLock.Release();
        }
    }

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    private static async Task RunCheckedAsync(string tool, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(tool, arguments);
        Assert.AreEqual(0, exitCode, $"{tool} {string.Join(' ', arguments)} failed:\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} did not finish within 120 s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>MemoryNode.Put that answers 200 only when the request verifies and carries key.N / key.N.val.</summary>
    private sealed class CheckingPutService : RpcService
    {
        private readonly RpcMethod[] _methods =
        [
            new RpcMethod("Put", RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse"), static context =>
            {
                var payload = context.PayloadSegment;
                var status = RpcStatus.BadRequest;
                if (PutRequest.Verify(payload))
                {
                    var buffer = new ByteBuffer(payload.Array!, payload.Offset);
                    PutRequest request = default;
                    request.__init(buffer.GetInt(payload.Offset) + payload.Offset, buffer);
                    if (request.Key is { } key && key.StartsWith("key.", StringComparison.Ordinal) && request.Value == key + ".val")
                    {
                        status = RpcStatus.Ok;
                    }
                }

                var builder = context.GetReplyBuilder();
                builder.StartTable(0);
                builder.Finish(builder.EndTable());
                return new ValueTask<RpcReply>(context.Reply(status, builder));
            }),
        ];

        public override string Name => "MemoryNode";

        public override IReadOnlyList<RpcMethod> Methods => _methods;
    }
}
