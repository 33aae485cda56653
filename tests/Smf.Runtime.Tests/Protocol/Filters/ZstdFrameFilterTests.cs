using System.Text;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Runtime.Tests.Protocol.Filters;

[TestClass]
public sealed class ZstdFrameFilterTests
{
    private static readonly byte[] Plain = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"key.{i % 37}=value.{i % 11};")));

    [TestMethod]
    public void Outgoing_CompressiblePayload_SetsZstdSizeAndChecksumOfCompressedBytes()
    {
        IOutgoingFrameFilter filter = new ZstdFrameFilter(minimumSize: 64);
        var header = HeaderFor(Plain);
        using var output = new PooledBufferWriter();

        var applied = filter.TryApply(ref header, Plain, output);

        Assert.IsTrue(applied);
        Assert.AreEqual(CompressionFlags.Zstd, header.Compression);
        Assert.AreEqual((uint)output.WrittenCount, header.Size);
        Assert.AreEqual(PayloadChecksum.Compute(output.WrittenSpan), header.Checksum);
        Assert.IsLessThan(Plain.Length, output.WrittenCount);
    }

    [TestMethod]
    public void Outgoing_PayloadBelowMinimumSize_IsLeftAlone()
    {
        IOutgoingFrameFilter filter = new ZstdFrameFilter(minimumSize: Plain.Length + 1);
        var header = HeaderFor(Plain);
        var before = header;
        using var output = new PooledBufferWriter();

        Assert.IsFalse(filter.TryApply(ref header, Plain, output));
        Assert.AreEqual(before, header);
    }

    [TestMethod]
    public void Outgoing_CompressionDisabled_IsLeftAlone()
    {
        IOutgoingFrameFilter filter = new ZstdFrameFilter(minimumSize: 0);
        var header = HeaderFor(Plain) with { Compression = CompressionFlags.Disabled };
        using var output = new PooledBufferWriter();

        Assert.IsFalse(filter.TryApply(ref header, Plain, output));
        Assert.AreEqual(CompressionFlags.Disabled, header.Compression);
    }

    [TestMethod]
    public void IncomingAfterOutgoing_RoundTrip_RestoresPayloadAndRewritesHeader()
    {
        var filter = new ZstdFrameFilter(minimumSize: 0);
        var header = HeaderFor(Plain);
        var original = header;
        using var compressed = new PooledBufferWriter();
        using var decompressed = new PooledBufferWriter();

        ((IOutgoingFrameFilter)filter).TryApply(ref header, Plain, compressed);
        var applied = ((IIncomingFrameFilter)filter).TryApply(ref header, compressed.WrittenSpan, decompressed);

        Assert.IsTrue(applied);
        CollectionAssert.AreEqual(Plain, decompressed.WrittenSpan.ToArray());
        Assert.AreEqual(original, header);
    }

    [TestMethod]
    public void Outgoing_Frame_DecodesWithZstdCliAndRecordsContentSize()
    {
        ZstdCli.RequirePath();
        IOutgoingFrameFilter filter = new ZstdFrameFilter(minimumSize: 0);
        var header = HeaderFor(Plain);
        using var output = new PooledBufferWriter();
        filter.TryApply(ref header, Plain, output);
        var file = ZstdCli.TempFile("ours.zst");
        File.WriteAllBytes(file, output.WrittenSpan.ToArray());
        try
        {
            var decoded = ZstdCli.Run("-d", "-c", "-q", file);
            var listing = Encoding.UTF8.GetString(ZstdCli.Run("-l", "-v", file));

            CollectionAssert.AreEqual(Plain, decoded);
            StringAssert.Contains(listing, $"Decompressed Size: ");
            StringAssert.Contains(listing, $"({Plain.Length} B)");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void Incoming_FrameMadeByZstdCli_Decodes()
    {
        ZstdCli.RequirePath();
        var plainFile = ZstdCli.TempFile("plain.txt");
        File.WriteAllBytes(plainFile, Plain);
        try
        {
            var compressed = ZstdCli.Run("-3", "-c", "-q", plainFile);
            IIncomingFrameFilter filter = new ZstdFrameFilter();
            var header = new RpcHeader(CompressionFlags.Zstd, 0, 9, (uint)compressed.Length, PayloadChecksum.Compute(compressed), 77);
            using var output = new PooledBufferWriter();

            var applied = filter.TryApply(ref header, compressed, output);

            Assert.IsTrue(applied);
            CollectionAssert.AreEqual(Plain, output.WrittenSpan.ToArray());
            Assert.AreEqual(new RpcHeader(CompressionFlags.None, 0, 9, (uint)Plain.Length, PayloadChecksum.Compute(Plain), 77), header);
        }
        finally
        {
            File.Delete(plainFile);
        }
    }

    [TestMethod]
    public void Incoming_CliFrameWithoutContentSize_ThrowsInvalidData()
    {
        ZstdCli.RequirePath();
        var plainFile = ZstdCli.TempFile("plain.txt");
        File.WriteAllBytes(plainFile, Plain);
        try
        {
            var compressed = ZstdCli.Run("-c", "-q", "--no-content-size", plainFile);
            IIncomingFrameFilter filter = new ZstdFrameFilter();
            var header = new RpcHeader(CompressionFlags.Zstd, 0, 1, (uint)compressed.Length, PayloadChecksum.Compute(compressed), 1);
            using var output = new PooledBufferWriter();

            Assert.ThrowsExactly<InvalidDataException>(() => filter.TryApply(ref header, compressed, output));
        }
        finally
        {
            File.Delete(plainFile);
        }
    }

    [TestMethod]
    public void Incoming_ContentSizeAboveLimit_ThrowsInvalidData()
    {
        var encoder = new ZstdFrameFilter(minimumSize: 0);
        var header = HeaderFor(Plain);
        using var compressed = new PooledBufferWriter();
        ((IOutgoingFrameFilter)encoder).TryApply(ref header, Plain, compressed);
        IIncomingFrameFilter decoder = new ZstdFrameFilter(maxDecompressedSize: Plain.Length - 1);
        using var output = new PooledBufferWriter();

        Assert.ThrowsExactly<InvalidDataException>(() => decoder.TryApply(ref header, compressed.WrittenSpan, output));
    }

    [TestMethod]
    public void Incoming_NotMarkedZstd_IsLeftAlone()
    {
        IIncomingFrameFilter filter = new ZstdFrameFilter();
        var header = HeaderFor(Plain);
        using var output = new PooledBufferWriter();

        Assert.IsFalse(filter.TryApply(ref header, Plain, output));
    }

    private static RpcHeader HeaderFor(byte[] payload) =>
        new(CompressionFlags.None, 0, 1, (uint)payload.Length, PayloadChecksum.Compute(payload), 200);
}
