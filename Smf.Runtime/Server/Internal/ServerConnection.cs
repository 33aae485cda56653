using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Transport.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// One client connection of a server, owned by one shard: routes each request header, reserves the shard's budget
/// for its payload, dispatches the complete request to its handler while it keeps reading (pipelining) and queues the
/// reply. Framing, writing and backpressure are <see cref="FrameConnection"/>'s. Shard-thread only.
/// </summary>
internal sealed class ServerConnection : FrameConnection
{
    private readonly ServerShard _shard;
    private readonly CancellationTokenSource _cancellation = new();
    private RpcMethodEntry? _method;
    private bool _reserved;
    private bool _waitingForBudget;
    private int _inFlight;
    private long _frameDeadline;
    private long _lastActivity;
    private CloseReason _drainedCloseReason = CloseReason.ServerStopping;

    public ServerConnection(ServerShard shard, ITransport transport)
        : base(shard.Loop, transport, new FrameReader(shard.ReceiveBufferPool, shard.Options.ReceiveBufferSize, (uint)shard.Options.MaxFrameSize), shard.Options.OutputPauseThreshold)
    {
        _shard = shard;
        _lastActivity = shard.Now();
    }

    /// <summary>The payload bytes of the frame waiting for budget.</summary>
    public uint PendingFrameSize => Reader.Header.Size;

    protected override bool IsDrained => _inFlight == 0;

    protected override CloseReason DrainedCloseReason => _drainedCloseReason;

    /// <summary>Called by the shard when budget for the frame waiting on it is reserved.</summary>
    public void ResumeWithBudget()
    {
        if (IsClosed)
        {
            return;
        }

        _reserved = true;
        _waitingForBudget = false;
        SetPausedByOwner(false);
        ProcessFrames();
    }

    public void CheckTimeouts(long now, long bodyTimeoutTicks, long idleTimeoutTicks)
    {
        if (IsClosed)
        {
            return;
        }

        if (_frameDeadline != 0 && now >= _frameDeadline)
        {
            _shard.Counters.BadRequests++;
            _shard.Counters.Timeouts++;
            _shard.LogBodyTimeout(this);
            Close(CloseReason.BodyTimeout, null);
            return;
        }

        if (idleTimeoutTicks > 0 && _inFlight == 0 && !Reader.HasPartialFrame && !HasUnsentOutput && now - _lastActivity >= idleTimeoutTicks)
        {
            _shard.Counters.Timeouts++;
            _shard.LogIdleTimeout(this);
            Close(CloseReason.IdleTimeout, null);
        }
    }

    /// <summary>Stops reading requests; the connection closes once its calls are answered and flushed.</summary>
    public void Drain()
    {
        _frameDeadline = 0;
        BeginDrain();
    }

    public void CompleteCall(RpcCallContext context, in RpcReply reply)
    {
        if (!IsClosed)
        {
            _shard.WriteReply(this, context.Session, reply);
            _lastActivity = _shard.Now();
        }

        _inFlight--;
        _shard.EndCall(context);
        if (State == ConnectionState.Draining)
        {
            CloseIfDrained();
        }
    }

    /// <summary>Queues an encoded reply frame (the shard encodes it).</summary>
    public void QueueReply(in RpcHeader header, ReadOnlySpan<byte> payload) => WriteFrame(header, payload);

    protected override void ProcessFrames()
    {
        while (State == ConnectionState.Open && !_waitingForBudget)
        {
            switch (Reader.Next(out var payload, out var error))
            {
                case FrameStep.NeedMore:
                    SetFrameDeadline(Reader.HasPartialFrame);
                    return;
                case FrameStep.Invalid:
                    RejectFrame(error, Reader.Header);
                    return;
                case FrameStep.Header:
                    if (!AcceptHeader(Reader.Header))
                    {
                        return;
                    }

                    break;
                case FrameStep.Frame:
                    _reserved = false;
                    _frameDeadline = 0;
                    Dispatch(Reader.Header, payload);
                    break;
            }
        }
    }

    protected override void OnEndOfStream(bool midFrame)
    {
        if (midFrame)
        {
            _shard.Counters.BadRequests++;
            Close(CloseReason.Disconnected, null);
            return;
        }

        if (_inFlight > 0 || HasUnsentOutput)
        {
            // The client finished sending (half-close) but still waits for replies: answer, then close.
            _drainedCloseReason = CloseReason.PeerClosed;
            Drain();
            return;
        }

        Close(CloseReason.PeerClosed, null);
    }

    protected override void OnReceiveFailed(bool midFrame)
    {
        if (midFrame)
        {
            _shard.Counters.BadRequests++;
        }

        Close(CloseReason.PeerReset, null);
    }

    protected override void OnClosed(CloseReason reason, Exception? error)
    {
        if (_reserved)
        {
            _shard.Budget.Release(Reader.Header.Size);
            _reserved = false;
        }

        if (_waitingForBudget)
        {
            _shard.Budget.Forget();
            _waitingForBudget = false;
        }

        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException e)
        {
            _shard.OnCancellationCallbackFailed(e);
        }

        _shard.OnConnectionClosed(this, reason);
    }

    protected override void OnBytesReceived(int count)
    {
        _shard.Counters.BytesReceived += count;
        _lastActivity = _shard.Now();
    }

    protected override void OnBytesSent(int count) => _shard.Counters.BytesSent += count;

    protected override void OnReadPaused(string reason) => _shard.LogReadPaused(this, reason);

    private bool AcceptHeader(in RpcHeader header)
    {
        if (!_shard.TryGetMethod(header.Meta, out _method))
        {
            _shard.Counters.NoRoute++;
            _shard.LogUnknownRequestId(this, header.Meta);
            Close(CloseReason.UnknownRequestId, null);
            return false;
        }

        if (header.Size > _shard.Options.MaxInFlightBytesPerShard)
        {
            _shard.Counters.BadRequests++;
            _shard.LogFrameLargerThanBudget(this, header.Size);
            Close(CloseReason.FrameLargerThanBudget, null);
            return false;
        }

        if (!_shard.Budget.TryReserve(this, header.Size))
        {
            _waitingForBudget = true;
            _frameDeadline = 0;
            _shard.LogReadPaused(this, "the shard's in-flight budget is exhausted");
            SetPausedByOwner(true);
            return false;
        }

        _reserved = true;
        return true;
    }

    private void Dispatch(RpcHeader header, ArraySegment<byte> payload)
    {
        var context = _shard.RentContext();
        var error = _shard.Decoder.Decode(ref header, payload, context.DecodeBuffers, out var plain, out var reason);
        if (error != RpcFrameError.None)
        {
            _shard.ReturnContext(context);
            _shard.Budget.Release(Reader.Header.Size);
            _shard.Counters.BadRequests++;
            if (error == RpcFrameError.UndecodablePayload)
            {
                _shard.LogUndecodablePayload(this, reason!);
            }
            else
            {
                _shard.LogBadFrame(this, error, header);
            }

            Close(CloseReason.BadFrame, null);
            return;
        }

        context.Begin(this, _method!, header, plain, Reader.Buffer, Reader.Header.Size, _cancellation.Token);
        _inFlight++;
        _shard.BeginCall(context);
        context.Run();
    }

    private void RejectFrame(RpcFrameError error, RpcHeader header)
    {
        _shard.Counters.BadRequests++;
        _shard.LogBadFrame(this, error, header);
        Close(CloseReason.BadFrame, null);
    }

    private void SetFrameDeadline(bool partialFrame)
    {
        if (!partialFrame)
        {
            _frameDeadline = 0;
        }
        else if (_frameDeadline == 0 && _shard.BodyTimeoutTicks > 0)
        {
            _frameDeadline = _shard.Now() + _shard.BodyTimeoutTicks;
        }
    }
}
