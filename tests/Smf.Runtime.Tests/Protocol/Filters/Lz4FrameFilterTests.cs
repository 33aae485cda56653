using System.Buffers.Binary;
using System.Text;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Runtime.Tests.Protocol.Filters;

[TestClass]
public sealed class Lz4FrameFilterTests
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"k{i % 13}:v{i % 5},")));

    [TestMethod]
    public void Incoming_HandEncodedLiteralOnlyBlock_Decodes()
    {
        // smf framing: uncompressed length 3 (LE), then an LZ4 block of one sequence: token 0x30 = 3 literals, no match.
        byte[] payload = [3, 0, 0, 0, 0x30, (byte)'a', (byte)'b', (byte)'c'];
        IIncomingFrameFilter filter = new Lz4FrameFilter();
        var header = new RpcHeader(CompressionFlags.Lz4, 0, 4, (uint)payload.Length, PayloadChecksum.Compute(payload), 200);
        using var output = new PooledBufferWriter();

        var applied = filter.TryApply(ref header, payload, output);

        Assert.IsTrue(applied);
        CollectionAssert.AreEqual("abc"u8.ToArray(), output.WrittenSpan.ToArray());
        Assert.AreEqual(new RpcHeader(CompressionFlags.None, 0, 4, 3, PayloadChecksum.Compute("abc"u8), 200), header);
    }

    [TestMethod]
    public void Outgoing_CompressiblePayload_StartsWithLittleEndianPlainLength()
    {
        IOutgoingFrameFilter filter = new Lz4FrameFilter(minimumSize: 16);
        var header = HeaderFor(Plain);
        using var output = new PooledBufferWriter();

        var applied = filter.TryApply(ref header, Plain, output);

        Assert.IsTrue(applied);
        Assert.AreEqual(CompressionFlags.Lz4, header.Compression);
        Assert.AreEqual(Plain.Length, BinaryPrimitives.ReadInt32LittleEndian(output.WrittenSpan));
        Assert.AreEqual((uint)output.WrittenCount, header.Size);
        Assert.AreEqual(PayloadChecksum.Compute(output.WrittenSpan), header.Checksum);
        Assert.IsLessThan(Plain.Length, output.WrittenCount);
    }

    [TestMethod]
    public void IncomingAfterOutgoing_RoundTrip_RestoresPayloadAndHeader()
    {
        var filter = new Lz4FrameFilter(minimumSize: 0);
        var header = HeaderFor(Plain);
        var original = header;
        using var compressed = new PooledBufferWriter();
        using var plain = new PooledBufferWriter();

        ((IOutgoingFrameFilter)filter).TryApply(ref header, Plain, compressed);
        ((IIncomingFrameFilter)filter).TryApply(ref header, compressed.WrittenSpan, plain);

        CollectionAssert.AreEqual(Plain, plain.WrittenSpan.ToArray());
        Assert.AreEqual(original, header);
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(2)]
    [DataRow(-1)]
    public void Incoming_DeclaredLengthWrong_ThrowsInvalidData(int declared)
    {
        byte[] payload = [0, 0, 0, 0, 0x30, (byte)'a', (byte)'b', (byte)'c'];
        BinaryPrimitives.WriteInt32LittleEndian(payload, declared);
        IIncomingFrameFilter filter = new Lz4FrameFilter();
        var header = new RpcHeader(CompressionFlags.Lz4, 0, 1, (uint)payload.Length, PayloadChecksum.Compute(payload), 1);
        using var output = new PooledBufferWriter();

        Assert.ThrowsExactly<InvalidDataException>(() => filter.TryApply(ref header, payload, output));
    }

    [TestMethod]
    public void Incoming_ShorterThanLengthPrefix_ThrowsInvalidData()
    {
        IIncomingFrameFilter filter = new Lz4FrameFilter();
        var header = new RpcHeader(CompressionFlags.Lz4, 0, 1, 3, 1, 1);
        using var output = new PooledBufferWriter();

        Assert.ThrowsExactly<InvalidDataException>(() => filter.TryApply(ref header, [1, 2, 3], output));
    }

    private static RpcHeader HeaderFor(byte[] payload) =>
        new(CompressionFlags.None, 0, 1, (uint)payload.Length, PayloadChecksum.Compute(payload), 200);
}
