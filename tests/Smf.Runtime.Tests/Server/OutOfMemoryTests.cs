using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Smf.Protocol;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// Under a GC heap limit (what a container's memory limit sets), requests larger than memory close their own
/// connections, each once, and the shard keeps serving: the server runs in a process of its own.
/// </summary>
[TestClass]
public sealed class OutOfMemoryTests
{
    private const int LargeFrame = 64 * 1024 * 1024;

    [TestMethod]
    public async Task Receive_FramesLargerThanTheHeapLimit_CloseTheirConnectionsOnceAndAProbeSucceeds()
    {
        using var server = StartServer(heapLimitBytes: 96L * 1024 * 1024);
        var port = await ReadPortAsync(server);
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);

        // Six connections each send a 64 MiB request: 384 MiB into a process whose heap may hold 96 MiB.
        var senders = Enumerable.Range(0, 6).Select(_ => SendLargeFrameAsync(endPoint)).ToArray();
        var outcomes = await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(60));
        using var probe = await RawClient.ConnectAsync(endPoint);
        var (reply, payload) = await probe.CallAsync(1, RequestId.Combine(RequestId.ForService("Size"), 1), [1, 2, 3]);

        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.AreEqual(3, BitConverter.ToInt32(payload));
        Assert.IsFalse(server.HasExited, "The server died.");
        server.StandardInput.Close();
        Assert.IsTrue(server.WaitForExit(20_000), "The server did not stop.");
        var log = await server.StandardOutput.ReadToEndAsync();
        var oomLines = log.Split('\n').Count(line => line.Contains("not enough memory", StringComparison.Ordinal));
        var closed = outcomes.Count(answered => !answered);
        Assert.IsTrue(closed >= 1, $"No request was refused for memory; the heap limit did not bite. Log:\n{log}");
        Assert.AreEqual(closed, oomLines, $"Each connection closed for memory is logged once. Log:\n{log}");
    }

    /// <summary>Sends one 64 MiB request; true when it was answered, false when the server closed the connection.</summary>
    private static async Task<bool> SendLargeFrameAsync(IPEndPoint endPoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint);
        var payload = new byte[LargeFrame];
        payload[0] = 1;
        var frame = RawClient.Frame(1, RequestId.Combine(RequestId.ForService("Size"), 1), payload);
        try
        {
            await socket.SendAsync(frame).WaitAsync(TimeSpan.FromSeconds(30));
            var reply = new byte[RpcHeader.Length + 4];
            var read = 0;
            while (read < reply.Length)
            {
                var n = await socket.ReceiveAsync(reply.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            return BitConverter.ToInt32(reply, RpcHeader.Length) == LargeFrame;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Process StartServer(long heapLimitBytes)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Smf.Runtime.TestServer.dll");
        var start = new ProcessStartInfo("dotnet", [path])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heapLimitBytes.ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(start) ?? throw new InvalidOperationException("The test server did not start.");
    }

    private static async Task<int> ReadPortAsync(Process server)
    {
        var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The test server exited before it listened.");
        Assert.IsTrue(line.StartsWith("listening ", StringComparison.Ordinal), $"Unexpected first line: {line}");
        return int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
