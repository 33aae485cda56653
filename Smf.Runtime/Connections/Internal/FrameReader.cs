using Smf.Internal;
using Smf.Protocol;
using Smf.Transport.Internal;

namespace Smf.Connections.Internal;

/// <summary>
/// The receive side of every connection, client or server: fills a pooled receive buffer from the transport and
/// cuts it into frames in place (zero copy), checking each header against the protocol's rules. Payloads stay in the
/// buffer, which callers reference while they use them. Shard-thread only.
/// </summary>
/// <remarks>
/// Like Kestrel, a reader holds no buffer while its connection waits for data between frames, so idle connections
/// cost no buffer memory. A frame larger than the standard buffer gets a buffer of its own, which grows as the frame's
/// bytes arrive (doubling), so announcing a large frame costs nothing until its bytes come.
/// </remarks>
internal sealed class FrameReader(Stack<RecvBuffer> pool, int bufferSize, uint maxPayloadSize, OversizeArrays? oversize = null)
{
    private const int MinimumReadSpace = 2048;

    private RecvBuffer? _buffer;
    private int _start;
    private int _end;
    private bool _hasHeader;
    private RpcHeader _header;

    /// <summary>The header of the frame being received (valid after <see cref="FrameStep.Header"/>).</summary>
    public RpcHeader Header => _header;

    /// <summary>Whether bytes of an unfinished frame are held.</summary>
    public bool HasPartialFrame => _hasHeader || _end > _start;

    /// <summary>The buffer the last frame's payload lives in; reference it to keep the payload.</summary>
    public RecvBuffer Buffer => _buffer!;

    /// <summary>The payload bytes of the current frame received so far (0 between frames).</summary>
    public int FrameBytesReceived => _hasHeader ? Math.Min(_end - _start, (int)_header.Size) : 0;

    /// <summary>Reads what the transport has into the buffer, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="OutOfMemoryException">A buffer for a large frame could not be allocated.</exception>
    public TransportResult ReceiveFrom(ITransport transport, int limit = int.MaxValue)
    {
        EnsureReceiveSpace();
        var buffer = _buffer!;
        var space = buffer.Array.AsSpan(_end);
        var result = transport.Receive(space.Length > limit ? space[..limit] : space);
        if (result.Status == TransportStatus.Done)
        {
            _end += result.Bytes;
        }

        return result;
    }

    /// <summary>
    /// Advances over the bytes received: reports a new header once (<see cref="FrameStep.Header"/>, or
    /// <see cref="FrameStep.Invalid"/> with the broken rule), then the payload once it is complete.
    /// </summary>
    /// <param name="payload">With <see cref="FrameStep.Frame"/>: the payload in place in <see cref="Buffer"/>.</param>
    /// <param name="error">With <see cref="FrameStep.Invalid"/>: the rule the header breaks.</param>
    public FrameStep Next(out ArraySegment<byte> payload, out RpcFrameError error)
    {
        payload = default;
        error = RpcFrameError.None;
        var available = _end - _start;
        if (!_hasHeader)
        {
            if (available < RpcHeader.Length)
            {
                return FrameStep.NeedMore;
            }

            _header = RpcHeader.Read(_buffer!.Array.AsSpan(_start, RpcHeader.Length));
            error = RpcFrame.ValidateHeader(_header, maxPayloadSize);
            if (error != RpcFrameError.None)
            {
                return FrameStep.Invalid;
            }

            _start += RpcHeader.Length;
            _hasHeader = true;
            return FrameStep.Header;
        }

        var size = (int)_header.Size;
        if (available < size)
        {
            return FrameStep.NeedMore;
        }

        payload = new ArraySegment<byte>(_buffer!.Array, _start, size);
        _start += size;
        _hasHeader = false;
        return FrameStep.Frame;
    }

    /// <summary>Gives the buffer back to the pool when nothing in it is needed any more.</summary>
    public void ReleaseIfIdle()
    {
        if (_buffer is not null && _start == _end && !_hasHeader && _buffer.IsExclusive)
        {
            _buffer.Release();
            _buffer = null;
            _start = _end = 0;
        }
    }

    /// <summary>Drops the reader's reference to its buffer (payloads still referenced elsewhere stay valid).</summary>
    public void Release()
    {
        _buffer?.Release();
        _buffer = null;
        _start = _end = 0;
        _hasHeader = false;
    }

    private void EnsureReceiveSpace()
    {
        if (_buffer is null)
        {
            _buffer = RecvBuffer.Rent(pool, bufferSize);
            _start = _end = 0;
        }

        var buffer = _buffer;
        if (_start == _end && buffer.IsExclusive)
        {
            _start = _end = 0;
            if (buffer.Array.Length > bufferSize * 2 && !_hasHeader)
            {
                SwitchBuffer(RecvBuffer.Rent(pool, bufferSize));
            }
        }

        buffer = _buffer!;
        var needed = _hasHeader ? (int)_header.Size : RpcHeader.Length;
        var free = buffer.Array.Length - _end;
        if (buffer.Array.Length - _start >= needed && free >= Math.Min(MinimumReadSpace, needed - (_end - _start)))
        {
            return;
        }

        // A large frame's buffer doubles as its bytes arrive instead of taking the announced size at once, unless the
        // shard keeps an array that holds the whole frame (that costs nothing new and saves the copies of growing).
        var have = _end - _start;
        var capacity = oversize is not null && oversize.HasKept(needed)
            ? needed
            : Math.Max(bufferSize, (int)Math.Min(needed, Math.Max(2L * buffer.Array.Length, have + (long)bufferSize)));
        if (buffer.IsExclusive && capacity <= buffer.Array.Length)
        {
            buffer.Array.AsSpan(_start, _end - _start).CopyTo(buffer.Array);
            _end -= _start;
            _start = 0;
            return;
        }

        SwitchBuffer(capacity <= bufferSize ? RecvBuffer.Rent(pool, bufferSize) : RecvBuffer.RentOversize(capacity, oversize));
    }

    private void SwitchBuffer(RecvBuffer next)
    {
        var current = _buffer!;
        var pending = _end - _start;
        current.Array.AsSpan(_start, pending).CopyTo(next.Array);
        current.Release();
        _buffer = next;
        _start = 0;
        _end = pending;
    }
}
