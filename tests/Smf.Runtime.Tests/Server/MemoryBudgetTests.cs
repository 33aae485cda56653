using System.Diagnostics;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// The in-flight budget bounds memory actually held: announced sizes cost nothing until their bytes arrive, and a
/// compressed request counts what it decompresses to before it is decompressed.
/// </summary>
[TestClass]
public sealed class MemoryBudgetTests
{
    private static readonly uint Echo = TestService.Id("Echo");
    private static readonly uint Gate = TestService.Id("Gate");

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    public async Task Budget_ManyStalledLargeHeaders_ACorrectCallOnTheSameShardIsStillAnswered(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, shardCount: 1);
        var stalled = new List<RawClient>();
        try
        {
            // 32 connections each announce a 64 MiB request (2 GiB in all, four times the shard's budget) and stop.
            var header = new byte[RpcHeader.Length];
            new RpcHeader(CompressionFlags.None, 0, 1, 64 * 1024 * 1024, 0x1234567, Echo).Write(header);
            for (var i = 0; i < 32; i++)
            {
                var client = await RawClient.ConnectAsync(harness.EndPoint);
                stalled.Add(client);
                await client.SendAsync(header);
            }

            await harness.WaitForAsync(c => c.BytesReceived, 32 * RpcHeader.Length);
            using var healthy = await RawClient.ConnectAsync(harness.EndPoint);
            var elapsed = Stopwatch.StartNew();
            var (reply, payload) = await healthy.CallAsync(1, Echo, [7, 7]);
            elapsed.Stop();

            Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
            CollectionAssert.AreEqual(new byte[] { 7, 7 }, payload);
            var held = harness.Sum(c => c.InFlightBytes);
            Assert.IsTrue(held <= 32L * harness.Server.Shards.Count * 32 * 1024, $"The stalled headers hold {held} bytes of budget: more than a receive buffer each.");
            Console.WriteLine($"answered in {elapsed.Elapsed.TotalMilliseconds:F1} ms with 32 stalled 64 MiB headers open");
        }
        finally
        {
            foreach (var client in stalled)
            {
                client.Dispose();
            }
        }
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    public async Task Budget_CompressedRequests_CountWhatTheyDecompressToAndWaitInsteadOfExceedingIt(RpcTransport transport)
    {
        const int decompressed = 4 * 1024 * 1024;
        const long budget = 16L * 1024 * 1024;
        await using var harness = await ServerHarness.StartAsync(transport, o => o.MaxInFlightBytesPerShard = budget, shardCount: 1);
        var bomb = Compress(new byte[decompressed]);
        var clients = new List<RawClient>();
        try
        {
            // 4 connections x 4 requests of a few KiB each that decompress to 4 MiB each: 64 MiB if nothing bounded it.
            for (var c = 0; c < 4; c++)
            {
                var client = await RawClient.ConnectAsync(harness.EndPoint);
                clients.Add(client);
                for (var i = 1; i <= 4; i++)
                {
                    await client.SendAsync(RawClient.Frame((ushort)i, Gate, bomb, CompressionFlags.Zstd));
                }
            }

            await harness.WaitForAsync(c => c.BytesReceived, 16L * (RpcHeader.Length + bomb.Length));
            await harness.WaitForAsync(c => c.InFlightRequests, 3);
            var heldWhileGated = harness.Sum(c => c.InFlightBytes);
            var enteredWhileGated = harness.State.GateEnteredCount;
            harness.State.Gate.TrySetResult();
            var answered = 0;
            foreach (var client in clients)
            {
                for (var i = 0; i < 4; i++)
                {
                    var (reply, payload) = await client.ReadFrameAsync();
                    Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
                    Assert.AreEqual(decompressed, payload.Length);
                    answered++;
                }
            }

            Assert.IsTrue(heldWhileGated <= budget, $"{heldWhileGated} bytes were held against a {budget}-byte budget.");
            Assert.IsTrue(enteredWhileGated <= 3, $"{enteredWhileGated} decompressed requests were in flight at once; the budget fits 3.");
            Assert.AreEqual(16, answered);
            Assert.AreEqual(0L, await harness.WaitForAsync(c => c.InFlightBytes, 0));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [TestMethod]
    public async Task Budget_CompressedRequestDeclaresMoreThanTheMaximumFrameSize_ClosesThatConnectionOnly()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Auto, o => o.MaxFrameSize = 1024 * 1024, shardCount: 1);
        using var bomber = await RawClient.ConnectAsync(harness.EndPoint);
        using var healthy = await RawClient.ConnectAsync(harness.EndPoint);

        await bomber.SendAsync(RawClient.Frame(1, Echo, Compress(new byte[2 * 1024 * 1024]), CompressionFlags.Zstd));

        Assert.IsTrue(await bomber.IsClosedByServerAsync());
        Assert.AreEqual(1L, await harness.WaitForAsync(c => c.BadRequests, 1));
        var (reply, _) = await healthy.CallAsync(1, Echo, [1]);
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.AreEqual(0L, await harness.WaitForAsync(c => c.InFlightBytes, 0));
    }

    [TestMethod]
    public async Task Budget_ConnectionWaitsLongerThanTheBudgetWaitTimeout_IsClosedAndCounted()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Auto, o =>
        {
            o.MaxInFlightBytesPerShard = 64 * 1024;
            o.BudgetWaitTimeout = TimeSpan.FromMilliseconds(200);
        }, shardCount: 1);
        using var holder = await RawClient.ConnectAsync(harness.EndPoint);
        using var waiter = await RawClient.ConnectAsync(harness.EndPoint);

        // The holder's gated request takes the whole budget; the waiter's request then cannot get any.
        await holder.SendFrameAsync(1, Gate, new byte[60 * 1024]);
        await harness.WaitForAsync(c => c.InFlightRequests, 1);
        await waiter.SendFrameAsync(1, Echo, new byte[40 * 1024]);

        Assert.IsTrue(await waiter.IsClosedByServerAsync());
        Assert.AreEqual(1L, await harness.WaitForAsync(c => c.Timeouts, 1));
        harness.State.Gate.TrySetResult();
        var (reply, _) = await holder.ReadFrameAsync();
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
    }

    private static byte[] Compress(byte[] plain)
    {
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)plain.Length, PayloadChecksum.Compute(plain), 1);
        var output = new PooledBufferWriter();
        Assert.IsTrue(((IOutgoingFrameFilter)new ZstdFrameFilter(minimumSize: 0)).TryApply(ref header, plain, output));
        return output.WrittenMemory.ToArray();
    }
}
