using System.Buffers;
using System.Net;
using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Transport.Internal;

namespace Smf.Runtime.Tests.Connections;

[TestClass]
public sealed class FrameWriterTests
{
    [TestMethod]
    public void Flush_SplicedPayloadsBetweenCopiedFrames_SendsEveryByteInOrderThroughPartialWrites()
    {
        using var writer = new FrameWriter();
        var transport = new TricklingTransport(maxPerSend: 7000);
        var expected = new List<byte>();
        var session = (ushort)0;
        void Copied(int length)
        {
            var payload = Payload(length, ++session);
            var header = Header(session, payload);
            writer.Write(header, payload);
            expected.AddRange(Frame(header, payload));
        }

        void Spliced(int length)
        {
            var payload = Payload(length, ++session);
            var header = Header(session, payload);
            var array = ArrayPool<byte>.Shared.Rent(length);
            payload.CopyTo(array, 0);
            writer.WriteTakingPayload(header, array, length);
            expected.AddRange(Frame(header, payload));
        }

        Spliced(FrameWriter.MinSplicedPayload);
        Copied(12);
        Spliced(FrameWriter.MinSplicedPayload + 3);
        Spliced(FrameWriter.MinSplicedPayload * 2);
        Copied(40);

        Assert.AreEqual(TransportStatus.WouldBlock, writer.Flush(transport, out _));
        // Frames queued while the writer waits go out after the batch being sent.
        Copied(20);
        Spliced(FrameWriter.MinSplicedPayload);
        Assert.AreEqual(expected.Count - transport.Sent.Count, writer.PendingBytes);

        var flushes = 0;
        while (writer.HasPending && flushes++ < 10_000)
        {
            writer.OnWritable(0);
            writer.Flush(transport, out _);
        }

        Assert.IsFalse(writer.HasPending);
        CollectionAssert.AreEqual(expected, transport.Sent);
    }

    private static RpcHeader Header(ushort session, byte[] payload) =>
        new(CompressionFlags.None, 0, session, (uint)payload.Length, PayloadChecksum.Compute(payload), 200);

    private static byte[] Payload(int length, int seed)
    {
        var payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static byte[] Frame(in RpcHeader header, byte[] payload)
    {
        var frame = new byte[RpcHeader.Length + payload.Length];
        header.Write(frame);
        payload.CopyTo(frame, RpcHeader.Length);
        return frame;
    }

    /// <summary>Takes at most a few bytes per send and says it would block on every other send.</summary>
    private sealed class TricklingTransport(int maxPerSend) : ITransport
    {
        private bool _block;

        public List<byte> Sent { get; } = [];

        public EndPoint? RemoteEndPoint => null;

        public void Start(ITransportHandler handler)
        {
        }

        public TransportResult Receive(Span<byte> destination) => TransportResult.WouldBlock;

        public TransportResult Send(ReadOnlySpan<byte> source)
        {
            Assert.IsFalse(source.IsEmpty, "The writer sent an empty piece.");
            _block = !_block;
            if (_block)
            {
                return TransportResult.WouldBlock;
            }

            var count = Math.Min(maxPerSend, source.Length);
            Sent.AddRange(source[..count].ToArray());
            return TransportResult.Moved(count);
        }

        public void SetReadInterest(bool enabled)
        {
        }

        public void WaitWritable(ReadOnlyMemory<byte> pending)
        {
        }

        public void Close()
        {
        }
    }
}
