using Google.FlatBuffers;
using Smf.Messages;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Protocol;

namespace Smf.Runtime.Tests.Messages;

[TestClass]
public sealed class RpcTypedEnvelopeTests
{
    [TestMethod]
    public void Serialize_PutRequest_MatchesTheWireVectorPayload()
    {
        var envelope = new RpcTypedEnvelope<PutRequestT>(new PutRequestT { Key = "k1", Value = "v1" });

        var payload = envelope.Serialize(new FlatBufferBuilder(64));

        var expected = WireVectors.PutRequestFrame.AsSpan(RpcHeader.Length);
        CollectionAssert.AreEqual(expected.ToArray(), payload.ToArray());
    }

    [TestMethod]
    public void Serialize_NullData_WritesTheEmptyTableOfTheReplyVector()
    {
        var envelope = new RpcTypedEnvelope<PutResponseT>();

        var payload = envelope.Serialize(new FlatBufferBuilder(16));

        CollectionAssert.AreEqual(WireVectors.PutReplyFrame.AsSpan(RpcHeader.Length).ToArray(), payload.ToArray());
    }

    [TestMethod]
    public void Serialize_ReusedBuilder_ClearsPreviousMessage()
    {
        var builder = new FlatBufferBuilder(16);
        new RpcTypedEnvelope<PutRequestT>(new PutRequestT { Key = "a long key that grows the buffer", Value = "x" }).Serialize(builder);

        var payload = new RpcTypedEnvelope<PutRequestT>(new PutRequestT { Key = "k1", Value = "v1" }).Serialize(builder);

        using var context = new RpcRecvTypedContext<PutRequest>(HeaderFor(payload), payload, null);
        Assert.AreEqual("k1", context.Get().Key);
        Assert.AreEqual("v1", context.Get().Value);
        Assert.IsTrue(context.Verify());
    }

    [TestMethod]
    public void Status_Default_Is200()
    {
        var envelope = default(RpcTypedEnvelope<PutResponseT>);

        Assert.AreEqual(200u, envelope.Status);
        Assert.AreEqual(CompressionFlags.None, envelope.Compression);
        Assert.IsNull(envelope.Data);
    }

    [TestMethod]
    public void Status_SetToNotImplemented_IsKept()
    {
        var envelope = new RpcTypedEnvelope<PutResponseT>(new PutResponseT()) { Status = 501 };

        Assert.AreEqual(501u, envelope.Status);
    }

    [TestMethod]
    public void Status_SetToZero_Throws()
    {
        var envelope = new RpcTypedEnvelope<PutResponseT>();

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => envelope.Status = 0);
    }

    [TestMethod]
    public void Compression_SetToZstd_Throws()
    {
        var envelope = new RpcTypedEnvelope<PutResponseT>();

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => envelope.Compression = CompressionFlags.Zstd);
        envelope.Compression = CompressionFlags.Disabled;
        Assert.AreEqual(CompressionFlags.Disabled, envelope.Compression);
    }

    private static RpcHeader HeaderFor(ArraySegment<byte> payload) =>
        new(CompressionFlags.None, 0, 1, (uint)payload.Count, PayloadChecksum.Compute(payload), 200);
}
