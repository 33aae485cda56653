using Smf.Client;
using Smf.Protocol;
using Smf.Protocol.Filters;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientCompressionTests
{
    [TestMethod]
    [DataRow(CompressionFlags.Zstd)]
    [DataRow(CompressionFlags.Lz4)]
    public async Task CallAsync_CompressingFilters_RequestAndReplyTravelCompressedAndArrivePlain(CompressionFlags compression)
    {
        IOutgoingFrameFilter outgoing = compression == CompressionFlags.Zstd ? new ZstdFrameFilter(minimumSize: 64) : new Lz4FrameFilter(minimumSize: 64);
        IIncomingFrameFilter incoming = compression == CompressionFlags.Zstd ? new ZstdFrameFilter() : new Lz4FrameFilter();
        var decoded = new List<byte[]>();
        await using var server = new FakeSmfServer((request, connection) =>
        {
            // Decompress the request the way an smf server does, then send it back compressed the same way.
            var header = request.Header;
            using var plain = new PooledBufferWriter();
            Assert.IsTrue(incoming.TryApply(ref header, request.Payload, plain));
            decoded.Add(plain.WrittenSpan.ToArray());
            var replyHeader = new RpcHeader(CompressionFlags.None, 0, header.Session, header.Size, header.Checksum, 200);
            using var packed = new PooledBufferWriter();
            Assert.IsTrue(outgoing.TryApply(ref replyHeader, plain.WrittenSpan, packed));
            var frame = new byte[RpcHeader.Length + packed.WrittenCount];
            replyHeader.Write(frame);
            packed.WrittenSpan.CopyTo(frame.AsSpan(RpcHeader.Length));
            return connection.SendRawAsync(frame);
        });
        var options = Options(server);
        options.OutgoingFilters.Add(outgoing);
        await using var client = await ConnectAsync(options);
        var payload = Bytes(string.Concat(Enumerable.Repeat("compressible smf payload ", 200)));

        using var reply = await client.CallAsync(1, payload);

        Assert.IsTrue(server.Requests.TryPeek(out var sent));
        Assert.AreEqual(compression, sent.Header.Compression);
        Assert.IsTrue(sent.Header.Size < payload.Length, "The request was not smaller than its payload.");
        Assert.IsTrue(sent.ChecksumMatches, "The checksum must cover the compressed bytes as sent.");
        CollectionAssert.AreEqual(payload, decoded[0]);
        CollectionAssert.AreEqual(payload, reply.Payload.ToArray());
        Assert.AreEqual(CompressionFlags.None, reply.Header.Compression);
        Assert.AreEqual((uint)payload.Length, reply.Header.Size);
        Assert.AreEqual(PayloadChecksum.Compute(payload), reply.Header.Checksum);
    }

    [TestMethod]
    public async Task CallAsync_PayloadBelowFilterMinimum_IsSentUncompressed()
    {
        await using var server = FakeSmfServer.Echo();
        var options = Options(server);
        options.OutgoingFilters.Add(new ZstdFrameFilter(minimumSize: 512));
        await using var client = await ConnectAsync(options);

        using var reply = await client.CallAsync(1, new byte[100]);

        Assert.IsTrue(server.Requests.TryPeek(out var sent));
        Assert.AreEqual(CompressionFlags.None, sent.Header.Compression);
        Assert.AreEqual(100u, sent.Header.Size);
        Assert.IsTrue(sent.ChecksumMatches);
    }

    [TestMethod]
    public async Task CallAsync_ReplyWithCorruptZstdFrame_ClosesConnection()
    {
        await using var server = new FakeSmfServer((request, connection) =>
            connection.SendRawAsync(FakeConnection.Frame(request.Header.Session, [0x28, 0xB5, 0x2F, 0xFD, 0, 0, 0, 0], compression: CompressionFlags.Zstd)));
        await using var client = await ConnectAsync(Options(server));

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync(1, Bytes("x")));

        Assert.IsInstanceOfType<InvalidDataException>(error.InnerException);
        Assert.IsFalse(client.IsConnected);
    }
}
