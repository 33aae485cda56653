using System.Buffers;
using Smf.Messages;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Protocol;

namespace Smf.Runtime.Tests.Messages;

[TestClass]
public sealed class RpcRecvTypedContextTests
{
    [TestMethod]
    public void Get_PutRequestVector_ReadsFieldsWithoutCopying()
    {
        var frame = WireVectors.PutRequestFrame;
        var header = RpcHeader.Read(frame);

        using var context = new RpcRecvTypedContext<PutRequest>(header, new ArraySegment<byte>(frame, RpcHeader.Length, (int)header.Size), null);

        Assert.AreEqual("k1", context.Get().Key);
        Assert.AreEqual("v1", context.Get().Value);
        Assert.AreSame(frame, context.Get().ByteBuffer.ToArraySegment(0, 1).Array);
        Assert.AreEqual(1, context.Session);
        Assert.AreEqual(3647565230u, context.RequestId);
    }

    [TestMethod]
    public void Verify_WellFormedPayload_ReturnsTrue()
    {
        var frame = WireVectors.PutReplyFrame;
        var header = RpcHeader.Read(frame);

        using var context = new RpcRecvTypedContext<PutResponse>(header, frame[RpcHeader.Length..]);

        Assert.IsTrue(context.Verify());
        Assert.AreEqual(200u, context.Status);
    }

    [TestMethod]
    public void Verify_KeyOffsetPointsOutsideThePayload_ReturnsFalse()
    {
        var payload = WireVectors.PutRequestFrame[RpcHeader.Length..];
        // The table's key field holds a uoffset to the string; aim it far past the end of the buffer.
        var tablePosition = BitConverter.ToInt32(payload, 0);
        var vtablePosition = tablePosition - BitConverter.ToInt32(payload, tablePosition);
        var keyField = tablePosition + BitConverter.ToInt16(payload, vtablePosition + 4);
        BitConverter.TryWriteBytes(payload.AsSpan(keyField), 0x7FFF_0000);
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)payload.Length, PayloadChecksum.Compute(payload), 3647565230);

        using var context = new RpcRecvTypedContext<PutRequest>(header, payload);

        Assert.IsFalse(context.Verify());
    }

    [TestMethod]
    public void Constructor_SizeDiffersFromPayload_Throws()
    {
        var header = new RpcHeader(CompressionFlags.None, 0, 1, 13, 1, 200);

        Assert.ThrowsExactly<ArgumentException>(() => new RpcRecvTypedContext<PutResponse>(header, new byte[12]));
    }

    [TestMethod]
    public void Dispose_PooledPayload_ReturnsArrayOnceAndBlocksFurtherReads()
    {
        var pool = new CountingPool();
        var array = pool.Rent(64);
        var reply = WireVectors.PutReplyFrame;
        reply.AsSpan(RpcHeader.Length).CopyTo(array);
        var context = new RpcRecvTypedContext<PutResponse>(RpcHeader.Read(reply), new ArraySegment<byte>(array, 0, 12), pool);

        context.Dispose();
        context.Dispose();

        Assert.AreEqual(1, pool.Returned);
        Assert.ThrowsExactly<ObjectDisposedException>(() => context.Payload);
        Assert.ThrowsExactly<ObjectDisposedException>(() => context.Get());
    }

    [TestMethod]
    public void Rent_AfterDispose_ReusesTheInstanceForTheNextPayload()
    {
        var request = WireVectors.PutRequestFrame;
        var requestHeader = RpcHeader.Read(request);
        var first = RpcRecvTypedContext<PutRequest>.Rent(requestHeader, new ArraySegment<byte>(request, RpcHeader.Length, (int)requestHeader.Size), null);
        Assert.AreEqual("k1", first.Get().Key);
        Assert.IsTrue(first.Verify());
        first.Dispose();
        var other = new RpcTypedEnvelope<PutRequestT>(new PutRequestT { Key = "second key", Value = "v2" }).Serialize(new Google.FlatBuffers.FlatBufferBuilder(64)).ToArray();
        var otherHeader = new RpcHeader(CompressionFlags.None, 0, 2, (uint)other.Length, PayloadChecksum.Compute(other), 3647565230);

        using var second = RpcRecvTypedContext<PutRequest>.Rent(otherHeader, new ArraySegment<byte>(other), null);

        Assert.AreSame(first, second);
        Assert.AreEqual("second key", second.Get().Key);
        Assert.AreEqual("v2", second.Get().Value);
        Assert.AreEqual((ushort)2, second.Session);
        Assert.AreSame(other, second.Get().ByteBuffer.ToArraySegment(0, 1).Array);
    }

    [TestMethod]
    public void Rent_PooledPayload_ReturnsTheArrayOnDispose()
    {
        var pool = new CountingPool();
        var array = pool.Rent(64);
        var reply = WireVectors.PutReplyFrame;
        reply.AsSpan(RpcHeader.Length).CopyTo(array);
        var context = RpcRecvTypedContext<PutResponse>.Rent(RpcHeader.Read(reply), new ArraySegment<byte>(array, 0, 12), pool);

        context.Dispose();

        Assert.AreEqual(1, pool.Returned);
        Assert.ThrowsExactly<ObjectDisposedException>(() => context.Payload);
    }

    [TestMethod]
    public void Rent_SizeDiffersFromPayload_Throws()
    {
        var header = new RpcHeader(CompressionFlags.None, 0, 1, 13, 1, 200);

        Assert.ThrowsExactly<ArgumentException>(() => RpcRecvTypedContext<PutResponse>.Rent(header, new ArraySegment<byte>(new byte[12]), null));
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        public int Returned { get; private set; }

        public override byte[] Rent(int minimumLength) => new byte[minimumLength];

        public override void Return(byte[] array, bool clearArray = false) => Returned++;
    }
}
