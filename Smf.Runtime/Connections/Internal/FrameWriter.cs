using Smf.Internal;
using Smf.Protocol;
using Smf.Transport.Internal;

namespace Smf.Connections.Internal;

/// <summary>
/// The send side of every connection, client or server: frames are appended to an output buffer during a loop
/// iteration and written with as few calls as the transport allows when the iteration ends; while the transport
/// cannot take more, new frames go to a second buffer. Shard-thread only.
/// </summary>
internal sealed class FrameWriter : IDisposable
{
    private const int MaxRetainedOutputBytes = 1024 * 1024;

    private PooledBufferWriter _output;
    private PooledBufferWriter _sending;
    private int _sendOffset;
    private bool _disposed;

    /// <summary>Creates a writer whose buffers above 1 MiB come from <paramref name="oversize"/> when given.</summary>
    public FrameWriter(OversizeArrays? oversize = null)
    {
        _output = new PooledBufferWriter(oversize);
        _sending = new PooledBufferWriter(oversize);
    }

    /// <summary>Whether a write waits for the transport to report it can progress.</summary>
    public bool IsWaiting { get; private set; }

    /// <summary>Bytes appended and not yet taken by the transport.</summary>
    public long PendingBytes => _output.WrittenCount + (long)_sending.WrittenCount - _sendOffset;

    /// <summary>Whether anything is left to write.</summary>
    public bool HasPending => IsWaiting || PendingBytes > 0;

    /// <summary>Appends one frame: <paramref name="header"/> as given, then <paramref name="payload"/>.</summary>
    public void Write(in RpcHeader header, ReadOnlySpan<byte> payload)
    {
        var destination = _output.GetSpan(RpcHeader.Length + payload.Length);
        header.Write(destination);
        payload.CopyTo(destination[RpcHeader.Length..]);
        _output.Advance(RpcHeader.Length + payload.Length);
    }

    /// <summary>Appends one frame already encoded, header included, with its session replaced by <paramref name="session"/>.</summary>
    public void WriteWithSession(ReadOnlySpan<byte> frame, ushort session)
    {
        var destination = _output.GetSpan(frame.Length);
        frame.CopyTo(destination);
        RpcHeader.WriteSession(destination, session);
        _output.Advance(frame.Length);
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
            if (_sendOffset == _sending.WrittenCount)
            {
                _sending.Clear(MaxRetainedOutputBytes);
                _sendOffset = 0;
                if (_output.WrittenCount == 0)
                {
                    return TransportStatus.Done;
                }

                (_output, _sending) = (_sending, _output);
            }

            var result = transport.Send(_sending.WrittenSpan[_sendOffset..]);
            switch (result.Status)
            {
                case TransportStatus.Done:
                    _sendOffset += result.Bytes;
                    sent += result.Bytes;
                    break;
                case TransportStatus.WouldBlock:
                    IsWaiting = true;
                    transport.WaitWritable(_sending.WrittenMemory[_sendOffset..]);
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
        _sendOffset += transferred;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        // A transport still writing asynchronously may read _sending; its arrays are then left to the GC instead.
        if (!IsWaiting)
        {
            _output.Dispose();
            _sending.Dispose();
        }
    }
}
