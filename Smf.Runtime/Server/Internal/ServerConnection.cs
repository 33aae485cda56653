using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Sharding.Internal;
using Smf.Transport.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// One client connection of a server, owned by one shard: routes each request header, reserves the shard's budget
/// for its payload as the bytes arrive (and for its decompressed size before it is decompressed), dispatches the
/// complete request to its handler while it keeps reading (pipelining) and queues the reply. While calls its handlers
/// made to other shards are out, the replies already queued wait for theirs (at most
/// <see cref="RpcServerOptions.CrossShardReplyWait"/>), so that the replies to one read leave in one write. Framing,
/// writing and backpressure are <see cref="FrameConnection"/>'s. Shard-thread only.
/// </summary>
internal sealed class ServerConnection : FrameConnection, ICrossShardCaller
{
    private readonly ServerShard _shard;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ConnectionBudget _budget;
    private RpcMethodEntry? _method;
    private HeldFrame? _heldFrame;
    private int _inFlight;
    private int _crossShardCalls;
    private bool _holdingWrite;
    private long _holdStart;
    private long _frameDeadline;
    private long _lastActivity;
    private CloseReason _drainedCloseReason = CloseReason.ServerStopping;

    public ServerConnection(ServerShard shard, ITransport transport)
        : base(
            shard.Loop,
            transport,
            new FrameReader(shard.ReceiveBufferPool, shard.Options.ReceiveBufferSize, (uint)shard.Options.MaxFrameSize, shard.OversizeArrays),
            shard.Options.OutputPauseThreshold,
            shard.OversizeArrays)
    {
        _shard = shard;
        _budget = new ConnectionBudget(shard, this);
        _lastActivity = shard.Now();
    }

    /// <summary>The bytes this connection waits for in the shard's budget line.</summary>
    public long BudgetRequest => _budget.Request;

    protected override bool IsDrained => _inFlight == 0;

    protected override CloseReason DrainedCloseReason => _drainedCloseReason;

    /// <summary>A frame's payload is read only as far as the budget reserved for it (between frames: no limit).</summary>
    protected override int ReceiveLimit =>
        _method is null ? int.MaxValue : (int)Math.Clamp(_budget.FrameReserved - Reader.FrameBytesReceived, 0, int.MaxValue);

    /// <summary>Called by the budget when the bytes this connection waited for are reserved for it.</summary>
    public void ResumeWithBudget()
    {
        if (_budget.OnGranted() && _heldFrame is { } held)
        {
            _heldFrame = held with { DecodeReserved = true };
        }

        if (IsClosed)
        {
            // Closed while waiting in line: what was just granted goes straight back.
            ReleaseOwnBudget();
            return;
        }

        Resume();
    }

    public void CheckTimeouts(long now, long bodyTimeoutTicks, long idleTimeoutTicks)
    {
        if (IsClosed)
        {
            return;
        }

        if (_budget.WaitingForShard && _budget.WaitDeadline != 0 && now >= _budget.WaitDeadline)
        {
            _shard.Counters.Timeouts++;
            _shard.LogBudgetTimeout(this);
            Close(CloseReason.BudgetTimeout, null);
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
        var waited = _budget.OnCallEnded(context.ReservedBytes);
        _shard.EndCall(context);
        if (State == ConnectionState.Draining)
        {
            CloseIfDrained();
        }
        else if (waited && !IsClosed)
        {
            // The connection was over its share of the budget; one of its calls finished.
            Resume();
        }
    }

    public void OnCrossShardCallPosted() => _crossShardCalls++;

    public void OnCrossShardCallReturned() => _crossShardCalls--;

    /// <summary>Queues an encoded reply frame (the shard encodes it).</summary>
    public void QueueReply(in RpcHeader header, ReadOnlySpan<byte> payload) => WriteFrame(header, payload);

    // The wait counts from the first time it was asked while calls were out, on the loop's timestamp of that iteration.
    protected override bool WaitsBeforeWriting()
    {
        if (_crossShardCalls == 0 || IsClosed || _shard.CrossShardReplyWaitTicks == 0)
        {
            _holdingWrite = false;
            return false;
        }

        var now = _shard.Now();
        if (!_holdingWrite)
        {
            _holdingWrite = true;
            _holdStart = now;
            return true;
        }

        if (now - _holdStart < _shard.CrossShardReplyWaitTicks)
        {
            return true;
        }

        _holdingWrite = false;
        return false;
    }

    protected override void ProcessFrames()
    {
        while (State == ConnectionState.Open && !_budget.IsWaiting)
        {
            if (_heldFrame is not null)
            {
                if (!DispatchHeldFrame())
                {
                    return;
                }

                continue;
            }

            if (_method is not null && !_budget.CoverFrame(Reader.Header.Size, Reader.FrameBytesReceived, _inFlight))
            {
                Pause();
                return;
            }

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
                    _frameDeadline = 0;
                    var method = _method!;
                    _method = null;
                    Dispatch(method, Reader.Header, payload, Reader.Buffer, _budget.TakeFrame());
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
        // What the calls in flight hold is released as they end; the rest is this connection's own.
        ReleaseOwnBudget();

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

    protected override void OnOutOfMemory()
    {
        _shard.Counters.BadRequests++;
        _shard.LogOutOfMemory(this, Reader.Header.Size);
        Close(CloseReason.OutOfMemory, null);
    }

    private bool AcceptHeader(in RpcHeader header)
    {
        if (!_shard.TryGetMethod(header.Meta, out var method))
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

        // Nothing is reserved yet: the budget is taken as the payload's bytes arrive (ConnectionBudget.CoverFrame).
        _method = method;
        return true;
    }

    private void Pause()
    {
        _frameDeadline = 0;
        SetPausedByOwner(true);
    }

    private void Resume()
    {
        SetPausedByOwner(false);
        ProcessFrames();
    }

    private void Dispatch(RpcMethodEntry method, RpcHeader header, ArraySegment<byte> payload, RecvBuffer buffer, long reserved)
    {
        if (header.Compression is CompressionFlags.None or CompressionFlags.Disabled)
        {
            Run(method, header, payload, buffer, reserved);
            return;
        }

        // A compressed frame waits here until the bytes it decompresses to are reserved: they count like received ones.
        var error = _shard.Decoder.DecodedSize(header, payload, out var decoded, out var reason);
        if (error != RpcFrameError.None)
        {
            Reject(header, error, reason, reserved);
            return;
        }

        buffer.AddReference();
        _heldFrame = new HeldFrame(method, header, payload, buffer, reserved, decoded, DecodeReserved: false);
        DispatchHeldFrame();
    }

    /// <summary>Runs the held compressed frame once its decompressed size is reserved; false while it waits.</summary>
    private bool DispatchHeldFrame()
    {
        var held = _heldFrame!;
        if (!held.DecodeReserved && !_budget.CoverDecoded(held.Decoded, _inFlight))
        {
            Pause();
            return false;
        }

        _heldFrame = null;
        Run(held.Method, held.Header, held.Payload, held.Buffer, held.Reserved + held.Decoded);
        held.Buffer.Release();
        return true;
    }

    private void Run(RpcMethodEntry method, RpcHeader header, ArraySegment<byte> payload, RecvBuffer buffer, long reserved)
    {
        var context = _shard.RentContext();
        var error = _shard.Decoder.Decode(ref header, payload, context.DecodeBuffers, out var plain, out var reason);
        if (error != RpcFrameError.None)
        {
            _shard.ReturnContext(context);
            Reject(header, error, reason, reserved);
            return;
        }

        context.Begin(this, method, header, plain, buffer, reserved, _cancellation.Token);
        _inFlight++;
        _shard.BeginCall(context);
        var caller = Loop.Caller;
        Loop.Caller = this;
        try
        {
            context.Run();
        }
        finally
        {
            Loop.Caller = caller;
        }
    }

    private void Reject(RpcHeader header, RpcFrameError error, string? reason, long reserved)
    {
        _budget.Release(reserved);
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
    }

    /// <summary>Gives back what this connection holds apart from its calls in flight: the current and the held frame.</summary>
    private void ReleaseOwnBudget()
    {
        _method = null;
        long heldFrameBytes = 0;
        if (_heldFrame is { } held)
        {
            heldFrameBytes = held.Reserved + (held.DecodeReserved ? held.Decoded : 0);
            held.Buffer.Release();
            _heldFrame = null;
        }

        _budget.ReleaseOwn(heldFrameBytes);
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

    /// <summary>A complete compressed request waiting for the budget its decompressed bytes need.</summary>
    private sealed record HeldFrame(RpcMethodEntry Method, RpcHeader Header, ArraySegment<byte> Payload, RecvBuffer Buffer, long Reserved, long Decoded, bool DecodeReserved);
}
