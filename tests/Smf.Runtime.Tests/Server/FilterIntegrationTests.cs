using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

[TestClass]
public sealed class FilterIntegrationTests
{
    private static readonly byte[] Plain = Enumerable.Range(0, 10_000).Select(i => (byte)(i % 50)).ToArray();

    [TestMethod]
    [DataRow(CompressionFlags.Zstd)]
    [DataRow(CompressionFlags.Lz4)]
    public async Task Call_CompressedRequest_HandlerSeesPlainBytesAndRewrittenHeader(CompressionFlags compression)
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var header = new RpcHeader(CompressionFlags.None, 0, 3, (uint)Plain.Length, PayloadChecksum.Compute(Plain), TestService.Id("Echo"));
        using var a = new PooledBufferWriter();
        using var b = new PooledBufferWriter();
        IOutgoingFrameFilter encoder = compression == CompressionFlags.Zstd ? new ZstdFrameFilter(minimumSize: 0) : new Lz4FrameFilter(minimumSize: 0);
        var compressed = FrameFilterChain.ApplyOutgoing([encoder], ref header, Plain, a, b).ToArray();
        Assert.AreEqual(compression, header.Compression);

        await client.SendAsync(RawClient.Frame(3, TestService.Id("Echo"), compressed, compression));
        var (replyHeader, reply) = await client.ReadFrameAsync();

        Assert.AreEqual((uint)RpcStatus.Ok, replyHeader.Meta);
        Assert.AreEqual(CompressionFlags.None, replyHeader.Compression);
        CollectionAssert.AreEqual(Plain, reply);
    }

    [TestMethod]
    public async Task Call_OutgoingZstdFilter_ReplyIsZstdAndDecodesToHandlerBytes()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll, o => o.OutgoingFilters.Add(new ZstdFrameFilter(minimumSize: 1024)));
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        var (big, bigPayload) = await client.CallAsync(1, TestService.Id("Echo"), Plain);
        var (small, smallPayload) = await client.CallAsync(2, TestService.Id("Echo"), [1, 2, 3]);
        using var output = new PooledBufferWriter();
        var decoded = ((IIncomingFrameFilter)new ZstdFrameFilter()).TryApply(ref big, bigPayload, output);

        Assert.AreEqual(PayloadChecksum.Compute(bigPayload), RpcHeader.Read(RawClient.Frame(1, 1, bigPayload)).Checksum);
        Assert.IsTrue(decoded);
        CollectionAssert.AreEqual(Plain, output.WrittenSpan.ToArray());
        Assert.AreEqual(CompressionFlags.None, small.Compression, "Replies under the minimum size must not be compressed.");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, smallPayload);
    }

    [TestMethod]
    public async Task Call_CompressedRequestWithNoIncomingFilters_ClosesAsUndecodable()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll, o => o.IncomingFilters.Clear());
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)Plain.Length, PayloadChecksum.Compute(Plain), 1);
        using var a = new PooledBufferWriter();
        using var b = new PooledBufferWriter();
        var compressed = FrameFilterChain.ApplyOutgoing([new Lz4FrameFilter(minimumSize: 0)], ref header, Plain, a, b).ToArray();

        await client.SendAsync(RawClient.Frame(1, TestService.Id("Echo"), compressed, CompressionFlags.Lz4));

        Assert.IsTrue(await client.IsClosedByServerAsync());
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.BadRequests, 1));
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
    }
}
