using Smf.Internal;
using Smf.Protocol;
using Smf.Transport.Internal;

namespace Smf.Connections.Internal;

/// <summary>
/// The send side of every connection, client or server: frames are appended to an output batch during a loop
/// iteration and written with as few calls as the transport allows when the iteration ends; while the transport
/// cannot take more, new frames go to a second batch. A large payload whose array the caller hands over is spliced
/// into the batch instead of copied. Shard-thread only.
/// </summary>
internal sealed class FrameWriter : IDisposable
{
    /// <summary>The smallest payload worth a send of its own rather than a copy into the output.</summary>
    public const int MinSplicedPayload = 128 * 1024;

    private const int MaxRetainedOutputBytes = 1024 * 1024;

    private OutputBatch _output;
    private OutputBatch _sending;
    private bool _disposed;

    /// <summary>Creates a writer whose buffers above 1 MiB come from <paramref name="oversize"/> when given.</summary>
    public FrameWriter(OversizeArrays? oversize = null)
    {
        _output = new OutputBatch(oversize);
        _sending = new OutputBatch(oversize);
    }

    /// <summary>Whether a write waits for the transport to report it can progress.</summary>
    public bool IsWaiting { get; private set; }

    /// <summary>Bytes appended and not yet taken by the transport.</summary>
    public long PendingBytes => _output.Length + _sending.Remaining;

    /// <summary>Whether anything is left to write.</summary>
    public bool HasPending => IsWaiting || PendingBytes > 0;

    /// <summary>Appends one frame: <paramref name="header"/> as given, then <paramref name="payload"/>.</summary>
    public void Write(in RpcHeader header, ReadOnlySpan<byte> payload)
    {
        var bytes = _output.Bytes;
        var destination = bytes.GetSpan(RpcHeader.Length + payload.Length);
        header.Write(destination);
        payload.CopyTo(destination[RpcHeader.Length..]);
        bytes.Advance(RpcHeader.Length + payload.Length);
    }

    /// <summary>
    /// Appends one frame whose payload is the first <paramref name="length"/> bytes of <paramref name="payload"/>,
    /// which the writer takes over (it returns the array once sent) and sends without copying.
    /// </summary>
    public void WriteTakingPayload(in RpcHeader header, byte[] payload, int length)
    {
        header.Write(_output.Bytes.GetSpan(RpcHeader.Length));
        _output.Bytes.Advance(RpcHeader.Length);
        _output.Splice(payload, length);
    }

    /// <summary>Appends one frame already encoded, header included, with its session replaced by <paramref name="session"/>.</summary>
    public void WriteWithSession(ReadOnlySpan<byte> frame, ushort session)
    {
        var bytes = _output.Bytes;
        var destination = bytes.GetSpan(frame.Length);
        frame.CopyTo(destination);
        RpcHeader.WriteSession(destination, session);
        bytes.Advance(frame.Length);
    }

    /// <summary>
    /// Writes what the transport takes now. Returns <see cref="TransportStatus.WouldBlock"/> when it had to stop (the
    /// transport then reports writability), <see cref="TransportStatus.Failed"/> when the connection broke, and
    /// <see cref="TransportStatus.Done"/> when everything was written; <paramref name="sent"/> counts the bytes taken.
    /// </summary>
    public TransportStatus Flush(ITransport transport, out int sent)
    {
        sent = 0;
        if (IsWaiting)
        {
            return TransportStatus.WouldBlock;
        }

        while (true)
        {
            if (_sending.IsSent)
            {
                _sending.Clear(MaxRetainedOutputBytes);
                if (_output.Length == 0)
                {
                    return TransportStatus.Done;
                }

                (_output, _sending) = (_sending, _output);
            }

            var piece = _sending.Current;
            var result = transport.Send(piece.Span);
            switch (result.Status)
            {
                case TransportStatus.Done:
                    _sending.Advance(result.Bytes);
                    sent += result.Bytes;
                    break;
                case TransportStatus.WouldBlock:
                    IsWaiting = true;
                    transport.WaitWritable(piece);
                    return TransportStatus.WouldBlock;
                default:
                    return TransportStatus.Failed;
            }
        }
    }

    /// <summary>Records what the transport wrote by itself while the writer waited; call <see cref="Flush"/> next.</summary>
    public void OnWritable(int transferred)
    {
        IsWaiting = false;
        _sending.Advance(transferred);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // A transport still writing asynchronously may read the batch being sent; its arrays are then left to the GC.
        if (!IsWaiting)
        {
            _output.Dispose();
            _sending.Dispose();
        }
    }
}
