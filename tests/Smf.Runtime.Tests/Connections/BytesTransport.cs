using System.Net;
using Smf.Transport.Internal;

namespace Smf.Runtime.Tests.Connections;

/// <summary>A transport that hands out fixed bytes, a few at a time, then end of stream.</summary>
internal sealed class BytesTransport(byte[] bytes, int chunk) : ITransport
{
    private int _offset;

    public EndPoint? RemoteEndPoint => null;

    public void Start(ITransportHandler handler)
    {
    }

    public TransportResult Receive(Span<byte> destination)
    {
        if (_offset == bytes.Length)
        {
            return TransportResult.EndOfStream;
        }

        var count = Math.Min(Math.Min(chunk, destination.Length), bytes.Length - _offset);
        bytes.AsSpan(_offset, count).CopyTo(destination);
        _offset += count;
        return TransportResult.Moved(count);
    }

    public TransportResult Send(ReadOnlySpan<byte> source) => TransportResult.Moved(source.Length);

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
