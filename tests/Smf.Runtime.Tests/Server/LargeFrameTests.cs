using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>Frames just over 1 MiB, the largest pooled array: echoed intact, their buffers reused by the shard.</summary>
[TestClass]
public sealed class LargeFrameTests
{
    private const int ValueBytes = 1024 * 1024 + 24;

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Echo_FramesOverOneMebibyte_ComeBackIntactWithoutAllocatingTheirBuffers(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, shardCount: 1);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var loop = harness.Shards[0];
        var payload = new byte[ValueBytes];
        new Random(17).NextBytes(payload);
        await EchoAsync(client, payload, calls: 4);

        long before = 0;
        await loop.InvokeAsync(() => before = GC.GetAllocatedBytesForCurrentThread());
        const int calls = 16;
        await EchoAsync(client, payload, calls);
        long after = 0;
        await loop.InvokeAsync(() => after = GC.GetAllocatedBytesForCurrentThread());

        // Each call used to allocate its receive buffer, reply buffer and output buffer: 3 MiB.
        var perCall = (after - before) / (double)calls;
        Assert.IsLessThan(4096.0, perCall, $"The shard allocated {after - before} bytes for {calls} echoes of {ValueBytes} bytes.");
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Stream)]
    public async Task Echo_EightLargeFramesInOneWrite_AnswersEachIntactInOrder(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, shardCount: 1);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var payloads = Enumerable.Range(0, 8).Select(i => Payload(ValueBytes + i * 4096, seed: i)).ToArray();
        var frames = payloads.SelectMany((p, i) => RawClient.Frame((ushort)(i + 1), TestService.Id("Echo"), p)).ToArray();

        var send = client.SendAsync(frames);
        for (var i = 0; i < payloads.Length; i++)
        {
            var (header, reply) = await client.ReadFrameAsync();
            Assert.AreEqual((ushort)(i + 1), header.Session);
            Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
            Assert.AreEqual(PayloadChecksum.Compute(reply), header.Checksum);
            CollectionAssert.AreEqual(payloads[i], reply, $"Reply {i + 1} differs from its request.");
        }

        await send;
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Stream)]
    public async Task Echo_LargeAndSmallFramesInterleaved_AnswersEachIntactInOrder(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, shardCount: 1);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var payloads = Enumerable.Range(0, 12).Select(i => Payload(i % 2 == 0 ? 200 * 1024 + i : 100 + i, seed: i)).ToArray();
        var frames = payloads.SelectMany((p, i) => RawClient.Frame((ushort)(i + 1), TestService.Id("Echo"), p)).ToArray();

        var send = client.SendAsync(frames);
        for (var i = 0; i < payloads.Length; i++)
        {
            var (header, reply) = await client.ReadFrameAsync();
            Assert.AreEqual((ushort)(i + 1), header.Session);
            Assert.AreEqual(PayloadChecksum.Compute(reply), header.Checksum);
            CollectionAssert.AreEqual(payloads[i], reply, $"Reply {i + 1} differs from its request.");
        }

        await send;
    }

    private static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static async Task EchoAsync(RawClient client, byte[] payload, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var (header, reply) = await client.CallAsync((ushort)(i + 1), TestService.Id("Echo"), payload);
            Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
            Assert.IsTrue(reply.AsSpan().SequenceEqual(payload), $"Echo {i + 1} of {payload.Length} bytes came back changed.");
        }
    }
}
