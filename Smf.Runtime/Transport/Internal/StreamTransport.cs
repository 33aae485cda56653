using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Smf.Sharding.Internal;

namespace Smf.Transport.Internal;

/// <summary>
/// A transport over a <see cref="Stream"/> (a <see cref="System.Net.Sockets.NetworkStream"/>, or an
/// <see cref="System.Net.Security.SslStream"/> for TLS): one asynchronous read and one asynchronous write at a time, whose
/// completions reach the shard, which then takes the bytes without blocking. A completion that arrives on another
/// thread is posted to the shard; one that arrives on the shard thread itself (an <see cref="EpollSocketStream"/>
/// underneath) is handled there at once.
/// </summary>
internal sealed class StreamTransport : ITransport
{
    private const int BufferSize = 16 * 1024;

    private static readonly SendOrPostCallback ReadCompletedCallback = static s => ((StreamTransport)s!).OnReadCompleted();
    private static readonly SendOrPostCallback WriteCompletedCallback = static s => ((StreamTransport)s!).OnWriteCompleted();
    private static readonly SendOrPostCallback ReadableCallback = static s => ((StreamTransport)s!).ReportReadable();

    private readonly Stream _stream;
    private readonly System.Net.Sockets.Socket? _socket;
    private readonly ShardLoop _loop;
    private readonly byte[] _readBuffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly Action _onReadResumed;
    private readonly Action _onWriteResumed;
    private byte[] _writeBuffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private ITransportHandler? _handler;
    private int _readStart;
    private int _readEnd;
    private bool _readPending;
    private bool _endOfStream;
    private bool _failed;
    private bool _readInterest = true;
    private bool _writePending;
    private bool _writeFailed;
    private bool _closed;
    private bool _buffersReleased;

    // Written by the thread that finished a read, read by the loop once the completion reaches it.
    private int _completedRead;
    private bool _completedReadFailed;
    private ValueTask<int> _pendingRead;
    private ValueTask _pendingWrite;

    /// <param name="stream">The stream; the transport owns it.</param>
    /// <param name="socket">The socket under the stream, shut down for sending before the stream closes; null when none.</param>
    /// <param name="loop">The shard that owns the connection.</param>
    /// <param name="remoteEndPoint">The peer's address.</param>
    /// <param name="remoteCertificate">The certificate the peer presented in the TLS handshake of <paramref name="stream"/>, if any.</param>
    public StreamTransport(Stream stream, System.Net.Sockets.Socket? socket, ShardLoop loop, EndPoint? remoteEndPoint, X509Certificate2? remoteCertificate = null)
    {
        RemoteCertificate = remoteCertificate;
        _stream = stream;
        _socket = socket;
        _loop = loop;
        RemoteEndPoint = remoteEndPoint;
        _onReadResumed = OnReadResumed;
        _onWriteResumed = OnWriteResumed;
    }

    public EndPoint? RemoteEndPoint { get; }

    public X509Certificate2? RemoteCertificate { get; }

    public void Start(ITransportHandler handler)
    {
        _handler = handler;
        StartRead();
    }

    public TransportResult Receive(Span<byte> destination)
    {
        if (_readEnd > _readStart)
        {
            var count = Math.Min(destination.Length, _readEnd - _readStart);
            _readBuffer.AsSpan(_readStart, count).CopyTo(destination);
            _readStart += count;
            if (_readStart == _readEnd)
            {
                _readStart = _readEnd = 0;
                StartRead();
            }
            else
            {
                // Bytes are left over: report readable again, as a level-triggered poller would.
                _loop.TryPost(ReadableCallback, this);
            }

            return TransportResult.Moved(count);
        }

        return _failed ? TransportResult.Failed : _endOfStream ? TransportResult.EndOfStream : TransportResult.WouldBlock;
    }

    public TransportResult Send(ReadOnlySpan<byte> source)
    {
        if (_writeFailed)
        {
            return TransportResult.Failed;
        }

        if (_writePending || _closed || source.IsEmpty)
        {
            return TransportResult.WouldBlock;
        }

        // The stream takes the bytes now (copied, then written asynchronously); the next send waits for that write.
        if (_writeBuffer.Length < source.Length)
        {
            ArrayPool<byte>.Shared.Return(_writeBuffer);
            _writeBuffer = ArrayPool<byte>.Shared.Rent(source.Length);
        }

        source.CopyTo(_writeBuffer);
        _writePending = true;
        BeginWrite(source.Length);
        return TransportResult.Moved(source.Length);
    }

    public void SetReadInterest(bool enabled)
    {
        _readInterest = enabled;
        if (enabled)
        {
            if (_readEnd > _readStart || _endOfStream || _failed)
            {
                _loop.TryPost(ReadableCallback, this);
            }
            else
            {
                StartRead();
            }
        }
    }

    public void WaitWritable(ReadOnlyMemory<byte> pending)
    {
        // The write in flight reports its completion; the writer then sends what is pending.
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (!_writePending)
        {
            CloseStream();
        }
    }

    private void StartRead()
    {
        if (_readPending || _closed || _endOfStream || _failed || !_readInterest)
        {
            return;
        }

        _readPending = true;
        BeginRead();
    }

    // The stream's ValueTasks are awaited through cached callbacks: a read or write costs no allocation on the shard.
    private void BeginRead()
    {
        try
        {
            _pendingRead = _stream.ReadAsync(_readBuffer.AsMemory(0, BufferSize));
        }
        catch (Exception e) when (IsStreamFailure(e))
        {
            _pendingRead = ValueTask.FromException<int>(e);
        }

        if (_pendingRead.IsCompleted)
        {
            // Posted even on the shard: the caller is inside Receive or SetReadInterest.
            TakeReadResult();
            _loop.TryPost(ReadCompletedCallback, this);
        }
        else
        {
            _pendingRead.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onReadResumed);
        }
    }

    private void OnReadResumed()
    {
        TakeReadResult();
        if (ShardLoop.Current == _loop)
        {
            OnReadCompleted();
        }
        else
        {
            _loop.TryPost(ReadCompletedCallback, this);
        }
    }

    private void TakeReadResult()
    {
        var pending = _pendingRead;
        _pendingRead = default;
        try
        {
            _completedRead = pending.Result;
            _completedReadFailed = false;
        }
        catch (Exception e) when (IsStreamFailure(e))
        {
            _completedReadFailed = true;
        }
    }

    private void BeginWrite(int count)
    {
        try
        {
            _pendingWrite = _stream.WriteAsync(_writeBuffer.AsMemory(0, count));
        }
        catch (Exception e) when (IsStreamFailure(e))
        {
            _pendingWrite = ValueTask.FromException(e);
        }

        if (_pendingWrite.IsCompleted)
        {
            TakeWriteResult();
            if (_writeFailed)
            {
                // Posted even on the shard: the caller is inside Send.
                _loop.TryPost(WriteCompletedCallback, this);
            }
            else
            {
                // Written at once, as a socket's send would be: the writer may send again in this same flush.
                _writePending = false;
            }
        }
        else
        {
            _pendingWrite.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onWriteResumed);
        }
    }

    private void OnWriteResumed()
    {
        TakeWriteResult();
        if (ShardLoop.Current == _loop)
        {
            OnWriteCompleted();
        }
        else
        {
            _loop.TryPost(WriteCompletedCallback, this);
        }
    }

    private void TakeWriteResult()
    {
        var pending = _pendingWrite;
        _pendingWrite = default;
        try
        {
            pending.GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsStreamFailure(e))
        {
            _writeFailed = true;
        }
    }

    private static bool IsStreamFailure(Exception e) =>
        e is IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException or System.Security.Authentication.AuthenticationException;

    private void OnReadCompleted()
    {
        _readPending = false;
        if (_closed)
        {
            ReleaseBuffers();
            return;
        }

        _failed = _completedReadFailed;
        _endOfStream = !_failed && _completedRead == 0;
        _readStart = 0;
        _readEnd = _failed ? 0 : _completedRead;
        ReportReadable();
    }

    private void ReportReadable()
    {
        if (_readInterest && !_closed)
        {
            _handler!.OnReadable();
        }
    }

    private void OnWriteCompleted()
    {
        _writePending = false;
        if (_closed)
        {
            // Close waited for this write: what was accepted is sent before the stream closes.
            CloseStream();
            return;
        }

        _handler!.OnWritable(0, _writeFailed);
    }

    private void CloseStream()
    {
        if (_socket is not null)
        {
            SocketInfo.CloseGracefully(_socket);
        }

        _stream.Dispose();
        ReleaseBuffers();
    }

    private void ReleaseBuffers()
    {
        if (!_readPending && !_writePending && !_buffersReleased)
        {
            _buffersReleased = true;
            ArrayPool<byte>.Shared.Return(_readBuffer);
            ArrayPool<byte>.Shared.Return(_writeBuffer);
        }
    }
}
