using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;
using Smf.Sharding.Internal;

namespace Smf.Transport.Internal;

/// <summary>
/// A <see cref="Stream"/> over a connected socket whose readiness comes from the owning shard's epoll (edge-triggered)
/// and whose recv/send run on the shard thread: the stream under <see cref="System.Net.Security.SslStream"/> on
/// Linux, so that TLS records are read, decrypted, encrypted and written on the shard with no hop through .NET's
/// socket engine or the thread pool. Asynchronous only; one read and one write may be pending at a time.
/// </summary>
/// <remarks>
/// Until <see cref="CompleteOnShard"/> is called (the TLS handshake), operations started off the shard are posted to
/// it and finished operations resume their caller on the thread pool, so a handshake's public-key work never runs on
/// the shard thread. Afterwards an operation that had to wait resumes its caller inline on the shard.
/// </remarks>
internal sealed unsafe class EpollSocketStream : Stream, IEpollHandler
{
    private const int Pending = -1;

    private static readonly SendOrPostCallback ReadOnShardCallback = static s => ((EpollSocketStream)s!).ReadOnShard();
    private static readonly SendOrPostCallback WriteOnShardCallback = static s => ((EpollSocketStream)s!).WriteOnShard();
    private static readonly SendOrPostCallback CloseOnShardCallback = static s => ((EpollSocketStream)s!).CloseOnShard();

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly ShardLoop _loop;
    private readonly EpollPoller _poller;
    private readonly Operation _read = new();
    private readonly Operation _write = new();
    private Memory<byte> _readBuffer;
    private ReadOnlyMemory<byte> _writeRemaining;
    private bool _readWaiting;

    // False once a recv found the socket drained (a short read or EAGAIN): the next edge sets it, so a read can wait
    // for that edge without a recv that would only say EAGAIN.
    private bool _readable = true;
    private bool _writeWaiting;
    private int _slot = -1;
    private volatile bool _inline;
    private int _closeRequested;
    private bool _closed;

    /// <param name="socket">The connected socket; the stream owns it and closes it gracefully when disposed.</param>
    /// <param name="loop">The shard that owns the connection.</param>
    /// <param name="poller">That shard's epoll.</param>
    public EpollSocketStream(Socket socket, ShardLoop loop, EpollPoller poller)
    {
        _socket = socket;
        _fd = (int)socket.Handle;
        _loop = loop;
        _poller = poller;
    }

    public override bool CanRead => !_closed;

    public override bool CanWrite => !_closed;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>From now on, operations that waited resume their caller inline on the shard thread.</summary>
    public void CompleteOnShard() => _inline = true;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        if (buffer.IsEmpty)
        {
            return ValueTask.FromResult(0);
        }

        _read.Prepare(_inline);
        _readBuffer = buffer;
        if (ShardLoop.Current != _loop)
        {
            if (!_loop.TryPost(ReadOnShardCallback, this))
            {
                return ValueTask.FromException<int>(Stopped());
            }

            return _read.AsValueTask();
        }

        if (!TryReadNow(out var result, out var error))
        {
            return _read.AsValueTask();
        }

        return error is null ? ValueTask.FromResult(result) : ValueTask.FromException<int>(error);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (buffer.IsEmpty)
        {
            return ValueTask.CompletedTask;
        }

        _write.Prepare(_inline);
        _writeRemaining = buffer;
        if (ShardLoop.Current != _loop)
        {
            if (!_loop.TryPost(WriteOnShardCallback, this))
            {
                return ValueTask.FromException(Stopped());
            }

            return _write.AsVoidValueTask();
        }

        if (!TryWriteNow(out var error))
        {
            return _write.AsVoidValueTask();
        }

        return error is null ? ValueTask.CompletedTask : ValueTask.FromException(error);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The shard's socket stream is asynchronous only: a blocking read would stall the shard.");

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The shard's socket stream is asynchronous only: a blocking write would stall the shard.");

    // Every byte a write accepted has been handed to the kernel by the time the write completes.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public void OnEpollEvents(uint events)
    {
        if ((events & (LinuxInterop.EpollIn | LinuxInterop.EpollRdHup | LinuxInterop.EpollHup | LinuxInterop.EpollErr)) != 0)
        {
            _readable = true;
            if (_readWaiting)
            {
                ReadOnShard();
            }
        }

        if (_writeWaiting && (events & (LinuxInterop.EpollOut | LinuxInterop.EpollHup | LinuxInterop.EpollErr)) != 0)
        {
            WriteOnShard();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _closeRequested, 1) == 0)
        {
            // A stopped shard runs nothing any more, so closing on this thread races with no one.
            if (ShardLoop.Current == _loop || !_loop.TryPost(CloseOnShardCallback, this))
            {
                CloseOnShard();
            }
        }

        base.Dispose(disposing);
    }

    private static ObjectDisposedException Stopped() =>
        new(nameof(EpollSocketStream), "The shard that owns the connection has stopped.");

    private static IOException Failure(string operation, int errno) =>
        new($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");

    /// <summary>recv once: the byte count (0 at end of stream), <see cref="Pending"/> when nothing is there yet, or a failure.</summary>
    private int Receive(Span<byte> destination, out Exception? error)
    {
        error = null;
        if (!_readable)
        {
            return Pending;
        }

        while (true)
        {
            nint read;
            fixed (byte* buffer = destination)
            {
                read = LinuxInterop.Recv(_fd, buffer, destination.Length, LinuxInterop.MsgDontWait);
            }

            if (read >= 0)
            {
                // A stream socket's recv takes all that is queued up to the length asked: fewer bytes mean the queue is
                // empty now. End of stream stays readable: no edge follows it.
                _readable = read == 0 || read == destination.Length;
                return (int)read;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == LinuxInterop.EIntr)
            {
                continue;
            }

            if (errno == LinuxInterop.EAgain)
            {
                _readable = false;
                return Pending;
            }

            error = Failure("recv", errno);
            return 0;
        }
    }

    /// <summary>Sends from <see cref="_writeRemaining"/> until it is empty or the socket is full; returns the failure, if any.</summary>
    private IOException? SendRemaining()
    {
        while (!_writeRemaining.IsEmpty)
        {
            nint sent;
            fixed (byte* buffer = _writeRemaining.Span)
            {
                sent = LinuxInterop.Send(_fd, buffer, _writeRemaining.Length, LinuxInterop.MsgDontWait | LinuxInterop.MsgNoSignal);
            }

            if (sent > 0)
            {
                _writeRemaining = _writeRemaining[(int)sent..];
                continue;
            }

            var errno = sent < 0 ? Marshal.GetLastPInvokeError() : LinuxInterop.EAgain;
            if (errno == LinuxInterop.EIntr)
            {
                continue;
            }

            return errno == LinuxInterop.EAgain ? null : Failure("send", errno);
        }

        return null;
    }

    /// <summary>Joins the shard's epoll on the first wait: every later edge reaches <see cref="OnEpollEvents"/>.</summary>
    private IOException? Register()
    {
        if (_slot >= 0)
        {
            return null;
        }

        try
        {
            _slot = _poller.Add(_fd, LinuxInterop.EpollIn | LinuxInterop.EpollOut | LinuxInterop.EpollRdHup | LinuxInterop.EpollEt, this);
            return null;
        }
        catch (IOException e)
        {
            return e;
        }
    }

    /// <summary>
    /// On the shard: reads into <see cref="_readBuffer"/> now, or registers to wait for the socket. True when the read
    /// finished, with its byte count or failure; false while it waits (<see cref="_readWaiting"/>).
    /// </summary>
    private bool TryReadNow(out int result, out Exception? error)
    {
        if (_closed)
        {
            result = 0;
            error = new ObjectDisposedException(nameof(EpollSocketStream));
        }
        else
        {
            result = Receive(_readBuffer.Span, out error);
            if (result == Pending)
            {
                error = Register();
                _readWaiting = error is null;
                if (_readWaiting)
                {
                    return false;
                }

                result = 0;
            }
        }

        _readWaiting = false;
        _readBuffer = default;
        return true;
    }

    /// <summary>
    /// On the shard: sends <see cref="_writeRemaining"/> now, or registers to wait for room. True when the write
    /// finished or failed; false while it waits (<see cref="_writeWaiting"/>).
    /// </summary>
    private bool TryWriteNow(out Exception? error)
    {
        error = _closed ? new ObjectDisposedException(nameof(EpollSocketStream)) : SendRemaining();
        if (error is null && !_writeRemaining.IsEmpty)
        {
            error = Register();
            _writeWaiting = error is null;
            if (_writeWaiting)
            {
                return false;
            }
        }

        _writeWaiting = false;
        _writeRemaining = default;
        return true;
    }

    /// <summary>Carries out a read that was posted to the shard or waited for an edge, completing its source once it finishes.</summary>
    private void ReadOnShard()
    {
        if (!TryReadNow(out var result, out var error))
        {
            return;
        }

        if (error is null)
        {
            _read.Succeed(result);
        }
        else
        {
            _read.Fail(error);
        }
    }

    /// <summary>Carries out a write that was posted to the shard or waited for room, completing its source once it finishes.</summary>
    private void WriteOnShard()
    {
        if (!TryWriteNow(out var error))
        {
            return;
        }

        if (error is null)
        {
            _write.Succeed(0);
        }
        else
        {
            _write.Fail(error);
        }
    }

    /// <summary>Fails what is pending, leaves the epoll set and closes the socket (FIN first): on the shard, once.</summary>
    private void CloseOnShard()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_slot >= 0)
        {
            _poller.Remove(_fd, _slot);
            _slot = -1;
        }

        SocketInfo.CloseGracefully(_socket);

        // Resumed on the thread pool: the reader may be the SslStream being disposed, which must not re-enter itself.
        if (_readWaiting)
        {
            _readWaiting = false;
            _readBuffer = default;
            _read.Fail(new ObjectDisposedException(nameof(EpollSocketStream), "The connection was closed."), resumeOnThreadPool: true);
        }

        if (_writeWaiting)
        {
            _writeWaiting = false;
            _writeRemaining = default;
            _write.Fail(new ObjectDisposedException(nameof(EpollSocketStream), "The connection was closed."), resumeOnThreadPool: true);
        }
    }

    /// <summary>One pending read or write: a reusable source for the ValueTask its caller awaits.</summary>
    private sealed class Operation : IValueTaskSource<int>, IValueTaskSource
    {
        private ManualResetValueTaskSourceCore<int> _core;

        /// <summary>Readies the source for an operation that may have to wait.</summary>
        public void Prepare(bool inline)
        {
            _core.Reset();
            _core.RunContinuationsAsynchronously = !inline;
        }

        public ValueTask<int> AsValueTask() => new(this, _core.Version);

        public ValueTask AsVoidValueTask() => new(this, _core.Version);

        public void Succeed(int result) => _core.SetResult(result);

        public void Fail(Exception error, bool resumeOnThreadPool = false)
        {
            _core.RunContinuationsAsynchronously |= resumeOnThreadPool;
            _core.SetException(error);
        }

        public int GetResult(short token) => _core.GetResult(token);

        void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
