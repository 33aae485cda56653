using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Runtime.Tests.Protocol.Filters;

[TestClass]
public sealed class FrameFilterChainTests
{
    private static readonly byte[] Plain = Enumerable.Range(0, 4000).Select(i => (byte)(i % 10)).ToArray();

    [TestMethod]
    public void ApplyIncoming_Lz4FrameThroughZstdThenLz4_OnlyLz4Applies()
    {
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)Plain.Length, PayloadChecksum.Compute(Plain), 1);
        using var a = new PooledBufferWriter();
        using var b = new PooledBufferWriter();
        var compressed = FrameFilterChain.ApplyOutgoing([new Lz4FrameFilter(minimumSize: 0)], ref header, Plain, a, b).ToArray();
        using var c = new PooledBufferWriter();
        using var d = new PooledBufferWriter();

        var plain = FrameFilterChain.ApplyIncoming([new ZstdFrameFilter(), new Lz4FrameFilter()], ref header, compressed, c, d);

        CollectionAssert.AreEqual(Plain, plain.ToArray());
        Assert.AreEqual(CompressionFlags.None, header.Compression);
    }

    [TestMethod]
    public void ApplyOutgoing_NoFilterApplies_ReturnsSamePayload()
    {
        var header = new RpcHeader(CompressionFlags.None, 0, 1, 3, PayloadChecksum.Compute([1, 2, 3]), 1);
        ReadOnlyMemory<byte> payload = new byte[] { 1, 2, 3 };
        using var a = new PooledBufferWriter();
        using var b = new PooledBufferWriter();

        var result = FrameFilterChain.ApplyOutgoing([new ZstdFrameFilter()], ref header, payload, a, b);

        Assert.IsTrue(result.Equals(payload));
    }

    [TestMethod]
    public void ApplyOutgoing_TwoCompressors_FirstWinsAndSecondSkipsCompressedFrame()
    {
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)Plain.Length, PayloadChecksum.Compute(Plain), 1);
        using var a = new PooledBufferWriter();
        using var b = new PooledBufferWriter();

        var result = FrameFilterChain.ApplyOutgoing([new ZstdFrameFilter(minimumSize: 0), new Lz4FrameFilter(minimumSize: 0)], ref header, Plain, a, b);

        Assert.AreEqual(CompressionFlags.Zstd, header.Compression);
        Assert.AreEqual(PayloadChecksum.Compute(result.Span), header.Checksum);
    }
}
