using Smf.Protocol;

namespace Smf.Runtime.Tests.Protocol;

[TestClass]
public sealed class RpcFrameTests
{
    private static readonly RpcHeader Valid = new(CompressionFlags.None, 0, 1, 40, 0x1671C3BF, 3647565230);

    [TestMethod]
    public void ValidateHeader_PutRequestVector_IsAccepted()
    {
        Assert.AreEqual(RpcFrameError.None, RpcFrame.ValidateHeader(RpcHeader.Read(WireVectors.PutRequestFrame), 1024));
        Assert.AreEqual(RpcFrameError.None, RpcFrame.ValidateHeader(RpcHeader.Read(WireVectors.PutReplyFrame), 1024));
    }

    [TestMethod]
    public void ValidateHeader_EachBadField_IsNamed()
    {
        Assert.AreEqual(RpcFrameError.EmptyPayload, RpcFrame.ValidateHeader(Valid with { Size = 0 }, 1024));
        Assert.AreEqual(RpcFrameError.PayloadTooLarge, RpcFrame.ValidateHeader(Valid with { Size = 1025 }, 1024));
        Assert.AreEqual(RpcFrameError.ZeroChecksum, RpcFrame.ValidateHeader(Valid with { Checksum = 0 }, 1024));
        Assert.AreEqual(RpcFrameError.ZeroMeta, RpcFrame.ValidateHeader(Valid with { Meta = 0 }, 1024));
        Assert.AreEqual(RpcFrameError.UnsupportedFlags, RpcFrame.ValidateHeader(Valid with { BitFlags = 0x80 }, 1024));
        Assert.AreEqual(RpcFrameError.UnknownCompression, RpcFrame.ValidateHeader(Valid with { Compression = (CompressionFlags)4 }, 1024));
        Assert.AreEqual(RpcFrameError.UnknownCompression, RpcFrame.ValidateHeader(Valid with { Compression = (CompressionFlags)(-1) }, 1024));
    }

    [TestMethod]
    public void ValidateHeader_SizeEqualToLimit_IsAccepted()
    {
        Assert.AreEqual(RpcFrameError.None, RpcFrame.ValidateHeader(Valid with { Size = 1024 }, 1024));
    }

    [TestMethod]
    public void ValidatePayload_VectorPayloadAndFlippedByte_MatchAndMismatch()
    {
        var frame = WireVectors.PutRequestFrame;
        var header = RpcHeader.Read(frame);
        var payload = frame[RpcHeader.Length..];

        var match = RpcFrame.ValidatePayload(header, payload);
        payload[5] ^= 1;
        var mismatch = RpcFrame.ValidatePayload(header, payload);

        Assert.AreEqual(RpcFrameError.None, match);
        Assert.AreEqual(RpcFrameError.ChecksumMismatch, mismatch);
    }
}
