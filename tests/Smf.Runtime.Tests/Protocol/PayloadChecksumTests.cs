using Smf.Protocol;

namespace Smf.Runtime.Tests.Protocol;

[TestClass]
public sealed class PayloadChecksumTests
{
    [TestMethod]
    public void Compute_EmptyInput_IsLowHalfOfXxh64Seed0()
    {
        Assert.AreEqual(0x51D8E999u, PayloadChecksum.Compute([]));
    }

    [TestMethod]
    public void Compute_Abc_IsLowHalfOfXxh64Seed0()
    {
        Assert.AreEqual(0xAD770999u, PayloadChecksum.Compute("abc"u8));
    }

    [TestMethod]
    [DataRow("kvstore-put-request.hex")]
    [DataRow("kvstore-put-reply.hex")]
    public void Compute_VectorPayload_MatchesHeaderChecksum(string vector)
    {
        var frame = vector.Contains("request") ? WireVectors.PutRequestFrame : WireVectors.PutReplyFrame;
        var header = RpcHeader.Read(frame);

        Assert.AreEqual(header.Checksum, PayloadChecksum.Compute(frame.AsSpan(RpcHeader.Length)));
    }
}
