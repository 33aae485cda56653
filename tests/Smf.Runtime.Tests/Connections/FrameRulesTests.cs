using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Runtime.Tests.Server;
using Smf.Transport.Internal;

namespace Smf.Runtime.Tests.Connections;

/// <summary>
/// The one set of frame rules, applied by <see cref="FrameReader"/> and <see cref="FrameDecoder"/> to requests (the
/// server's connections) and replies (the client's) alike: only the meaning of the meta field differs.
/// </summary>
[TestClass]
public sealed class FrameRulesTests
{
    private const uint MaxPayload = 1024;
    private static readonly byte[] Payload = [8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0];

    public static IEnumerable<object[]> BrokenHeaders()
    {
        var good = Header(Payload);
        yield return ["size 0", good with { Size = 0 }, RpcFrameError.EmptyPayload];
        yield return ["size over the maximum", good with { Size = MaxPayload + 1 }, RpcFrameError.PayloadTooLarge];
        yield return ["checksum 0", good with { Checksum = 0 }, RpcFrameError.ZeroChecksum];
        yield return ["meta 0 (request id or status)", good with { Meta = 0 }, RpcFrameError.ZeroMeta];
        yield return ["bit 1 of the bitflags", good with { BitFlags = 0x02 }, RpcFrameError.UnsupportedFlags];
        yield return ["has_payload_headers with bit 7", good with { BitFlags = 0x81 }, RpcFrameError.UnsupportedFlags];
        yield return ["compression 4", good with { Compression = (CompressionFlags)4 }, RpcFrameError.UnknownCompression];
        yield return ["compression -1", good with { Compression = (CompressionFlags)(-1) }, RpcFrameError.UnknownCompression];
    }

    [TestMethod]
    [DynamicData(nameof(BrokenHeaders))]
    public void Next_HeaderBreaksARule_IsInvalidWithThatRuleOnBothSides(string what, RpcHeader header, RpcFrameError expected)
    {
        foreach (var chunk in new[] { 1, 7, 4096 })
        {
            var (step, error) = ReadUntilDecision(Frame(header, Payload), chunk);

            Assert.AreEqual(FrameStep.Invalid, step, $"{what}, read {chunk} bytes at a time");
            Assert.AreEqual(expected, error, what);
        }
    }

    [TestMethod]
    public void Decode_ChecksumDoesNotMatch_IsRejected()
    {
        var header = Header(Payload) with { Checksum = 0x12345678 };

        var error = Decoder().Decode(ref header, Payload, new DecodeBuffers(), out _, out var reason);

        Assert.AreEqual(RpcFrameError.ChecksumMismatch, error);
        StringAssert.Contains(reason, "0x12345678");
    }

    [TestMethod]
    public void Decode_CompressionDisabled_IsPlainOnBothSides()
    {
        var header = Header(Payload) with { Compression = CompressionFlags.Disabled };

        var error = Decoder().Decode(ref header, Payload, new DecodeBuffers(), out var plain, out _);

        Assert.AreEqual(RpcFrameError.None, error);
        Assert.AreEqual(CompressionFlags.None, header.Compression);
        CollectionAssert.AreEqual(Payload, plain.ToArray());
    }

    [TestMethod]
    public void Decode_CompressedWithNoFilterForIt_IsUndecodable()
    {
        var header = Header(Payload) with { Compression = CompressionFlags.Lz4 };

        var error = new FrameDecoder([new ZstdFrameFilter()], MaxPayload).Decode(ref header, Payload, new DecodeBuffers(), out _, out var reason);

        Assert.AreEqual(RpcFrameError.UndecodablePayload, error);
        StringAssert.Contains(reason, "Lz4");
    }

    [TestMethod]
    public void Decode_DecompressesBeyondTheMaximum_IsUndecodable()
    {
        var big = new byte[4 * MaxPayload];
        var compressed = new PooledBufferWriter();
        var header = Header(big);
        var zstd = new ZstdFrameFilter(minimumSize: 0);
        Assert.IsTrue(((IOutgoingFrameFilter)zstd).TryApply(ref header, big, compressed));

        var error = new FrameDecoder([zstd], MaxPayload).Decode(ref header, compressed.WrittenMemory.ToArray(), new DecodeBuffers(), out _, out var reason);

        Assert.AreEqual(RpcFrameError.UndecodablePayload, error);
        Assert.IsNotNull(reason);
    }

    [TestMethod]
    public void Next_ValidFrameInPieces_ReportsTheHeaderOnceThenThePayloadInPlace()
    {
        var frame = Frame(Header(Payload), Payload);
        var reader = new FrameReader(new Stack<RecvBuffer>(), 4096, MaxPayload);
        var transport = new BytesTransport(frame, 5);
        var steps = new List<FrameStep>();
        ArraySegment<byte> payload = default;
        while (steps.Count == 0 || steps[^1] != FrameStep.Frame)
        {
            Assert.AreEqual(TransportStatus.Done, reader.ReceiveFrom(transport).Status);
            FrameStep step;
            while ((step = reader.Next(out var segment, out _)) != FrameStep.NeedMore)
            {
                steps.Add(step);
                payload = segment;
            }
        }

        CollectionAssert.AreEqual(new[] { FrameStep.Header, FrameStep.Frame }, steps);
        CollectionAssert.AreEqual(Payload, payload.ToArray());
        Assert.AreSame(reader.Buffer.Array, payload.Array, "The payload is read in place, not copied.");
    }

    private static FrameDecoder Decoder() => new([new ZstdFrameFilter(), new Lz4FrameFilter()], MaxPayload);

    private static RpcHeader Header(byte[] payload) =>
        new(CompressionFlags.None, 0, 1, (uint)payload.Length, PayloadChecksum.Compute(payload), 200);

    private static byte[] Frame(RpcHeader header, byte[] payload)
    {
        var frame = new byte[RpcHeader.Length + payload.Length];
        header.Write(frame);
        payload.CopyTo(frame, RpcHeader.Length);
        return frame;
    }

    private static (FrameStep Step, RpcFrameError Error) ReadUntilDecision(byte[] frame, int chunk)
    {
        var reader = new FrameReader(new Stack<RecvBuffer>(), 4096, MaxPayload);
        var transport = new BytesTransport(frame, chunk);
        for (var i = 0; i < frame.Length + 1; i++)
        {
            if (reader.ReceiveFrom(transport).Status != TransportStatus.Done)
            {
                break;
            }

            var step = reader.Next(out _, out var error);
            if (step is FrameStep.Invalid or FrameStep.Header)
            {
                return (step, error);
            }
        }

        return (FrameStep.NeedMore, RpcFrameError.None);
    }
}
