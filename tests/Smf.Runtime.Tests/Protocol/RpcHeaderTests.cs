using Smf.Protocol;

namespace Smf.Runtime.Tests.Protocol;

[TestClass]
public sealed class RpcHeaderTests
{
    [TestMethod]
    public void Read_PutRequestVector_DecodesEveryField()
    {
        var frame = WireVectors.PutRequestFrame;

        var header = RpcHeader.Read(frame);

        Assert.AreEqual(CompressionFlags.None, header.Compression);
        Assert.AreEqual((byte)0, header.BitFlags);
        Assert.AreEqual((ushort)1, header.Session);
        Assert.AreEqual(40u, header.Size);
        Assert.AreEqual(0x1671C3BFu, header.Checksum);
        Assert.AreEqual(3647565230u, header.Meta);
        Assert.AreEqual(RpcHeader.Length + 40, frame.Length);
    }

    [TestMethod]
    public void Read_PutReplyVector_DecodesStatus200AndEmptyTable()
    {
        var frame = WireVectors.PutReplyFrame;

        var header = RpcHeader.Read(frame);

        Assert.AreEqual((ushort)1, header.Session);
        Assert.AreEqual(12u, header.Size);
        Assert.AreEqual(0xEF02580Du, header.Checksum);
        Assert.AreEqual(200u, header.Meta);
        Assert.AreEqual(RpcHeader.Length + 12, frame.Length);
    }

    [TestMethod]
    [DataRow("kvstore-put-request.hex")]
    [DataRow("kvstore-put-reply.hex")]
    public void Write_DecodedVectorHeader_ReencodesSameBytes(string vector)
    {
        var frame = vector.Contains("request") ? WireVectors.PutRequestFrame : WireVectors.PutReplyFrame;
        var encoded = new byte[RpcHeader.Length];

        RpcHeader.Read(frame).Write(encoded);

        CollectionAssert.AreEqual(frame[..RpcHeader.Length], encoded);
    }

    [TestMethod]
    public void WriteThenRead_ExtremeValues_RoundTrip()
    {
        var header = new RpcHeader(CompressionFlags.Lz4, 0xFF, ushort.MaxValue, uint.MaxValue, 0x80000001u, uint.MaxValue);
        Span<byte> buffer = stackalloc byte[RpcHeader.Length];

        header.Write(buffer);

        Assert.AreEqual(header, RpcHeader.Read(buffer));
    }

    [TestMethod]
    public void Read_FifteenBytes_ThrowsArgumentException()
    {
        Assert.ThrowsExactly<ArgumentException>(() => RpcHeader.Read(new byte[RpcHeader.Length - 1]));
    }
}
