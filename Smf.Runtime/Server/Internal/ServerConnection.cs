using System.Diagnostics;
using System.Net;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Server.Internal;

/// <summary>
/// One client connection, owned by one shard: parses frames in place from its receive buffer, dispatches each to its
/// handler while it keeps reading (pipelining), appends replies to one output buffer and writes them in one call at
/// the end of the loop iteration. Shard-thread only.
/// </summary>
internal sealed class RpcConnection
{
    private const int ReceiveBufferSize = 32 * 1024;
    private const int MinimumReadSpace = 2048;
    private const int OutputPauseThreshold = 4 * 1024 * 1024;
    private const int MaxRetainedOutputBytes = 1024 * 1024;
    private static readonly byte[] EmptyTable = RpcReply.EmptyTable.ToArray();

    private readonly ServerShard _shard;
    private readonly IConnectionTransport _transport;
    private readonly CancellationTokenSource _cancellation = new();
    private RecvBuffer? _buffer;
    private int _start;
    private int _end;
    private bool _hasHeader;
    private bool _reserved;
    private RpcHeader _header;
    private RpcMethodHandler? _handler;
    private long _frameDeadline;
    private long _lastActivity;
    private PooledBufferWriter _output = new();
    private PooledBufferWriter _sending = new();
    private int _sendOffset;
    private bool _sendInProgress;
    private bool _dirty;
    private int _inFlight;
    private bool _pausedForBudget;
    private bool _pausedForOutput;
    private bool _draining;
    private CloseReason _closeReasonWhenDrained = CloseReason.ServerStopping;

    public RpcConnection(ServerShard shard, IConnectionTransport transport)
    {
        _shard = shard;
        _transport = transport;
        _lastActivity = Stopwatch.GetTimestamp();
    }

    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    public bool IsClosed { get; private set; }

    /// <summary>The payload bytes of the frame waiting for budget.</summary>
    public uint PendingFrameSize => _header.Size;

    private bool HasUnsentOutput => _sendInProgress || _output.WrittenCount > 0 || _sendOffset < _sending.WrittenCount;

    public void Start() => _transport.Start(this);

    public void OnReadable()
    {
        if (IsClosed || _pausedForBudget || _pausedForOutput || _draining)
        {
            return;
        }

        EnsureReceiveSpace();
        var buffer = _buffer!;
        var read = _transport.Receive(buffer.Array.AsSpan(_end));
        if (read == -1)
        {
            return;
        }

        if (read <= 0)
        {
            var midFrame = _hasHeader || _end > _start;
            if (midFrame)
            {
                _shard.Counters.BadRequests++;
            }
            else if (read == 0 && (_inFlight > 0 || HasUnsentOutput))
            {
                // The client finished sending (half-close) but still waits for replies: answer, then close.
                _closeReasonWhenDrained = CloseReason.PeerClosed;
                BeginDrain();
                return;
            }

            Close(midFrame ? CloseReason.Disconnected : read == 0 ? CloseReason.PeerClosed : CloseReason.PeerReset);
            return;
        }

        _end += read;
        _shard.Counters.BytesReceived += read;
        _lastActivity = Stopwatch.GetTimestamp();
        ProcessFrames();

        // Like Kestrel, hold no receive buffer while waiting for data: idle connections cost no buffer memory.
        if (_buffer is not null && _start == _end && !_hasHeader && _buffer.IsExclusive)
        {
            _buffer.Release();
            _buffer = null;
            _start = _end = 0;
        }
    }

    public void OnWritable(int transferred, bool failed)
    {
        _sendInProgress = false;
        if (IsClosed)
        {
            return;
        }

        if (failed)
        {
            Close(CloseReason.PeerReset);
            return;
        }

        _sendOffset += transferred;
        _shard.Counters.BytesSent += transferred;
        SendPending();
        CloseIfDrained();
    }

    public void OnTransportFailed()
    {
        if (!IsClosed)
        {
            if (_hasHeader || _end > _start)
            {
                _shard.Counters.BadRequests++;
            }

            Close(CloseReason.PeerReset);
        }
    }

    /// <summary>Called by the shard when budget for the frame waiting on it is reserved.</summary>
    public void ResumeWithBudget()
    {
        if (IsClosed)
        {
            return;
        }

        _reserved = true;
        _pausedForBudget = false;
        UpdateReadInterest();
        ProcessFrames();
    }

    /// <summary>Called at the end of each loop iteration for connections with output.</summary>
    public void Flush()
    {
        _dirty = false;
        if (IsClosed)
        {
            return;
        }

        if (!_sendInProgress)
        {
            SendPending();
        }

        CloseIfDrained();
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
            Close(CloseReason.BodyTimeout);
            return;
        }

        if (idleTimeoutTicks > 0 && _inFlight == 0 && !_hasHeader && _start == _end && now - _lastActivity >= idleTimeoutTicks)
        {
            _shard.Counters.Timeouts++;
            _shard.LogIdleTimeout(this);
            Close(CloseReason.IdleTimeout);
        }
    }

    public void BeginDrain()
    {
        if (IsClosed)
        {
            return;
        }

        _draining = true;
        _frameDeadline = 0;
        _transport.SetReadInterest(false);
        CloseIfDrained();
    }

    public void CompleteCall(RpcCallContext context, RpcReply reply)
    {
        if (!IsClosed)
        {
            WriteReply(context.Session, reply);
            _lastActivity = Stopwatch.GetTimestamp();
        }

        _inFlight--;
        _shard.EndCall(context);
    }

    public void Close(CloseReason reason)
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        if (_reserved)
        {
            _shard.ReleaseBudget(_header.Size);
            _reserved = false;
        }

        if (_pausedForBudget)
        {
            _shard.RemoveBudgetWaiter(this);
            _pausedForBudget = false;
        }

        _transport.Close();
        try
        {
            _cancellation.Cancel();
        }
        catch (AggregateException e)
        {
            _shard.OnCancellationCallbackFailed(e);
        }

        _buffer?.Release();
        _buffer = null;
        if (!_sendInProgress)
        {
            // An asynchronous send may still read _sending; its arrays are then left to the GC instead.
            _output.Dispose();
            _sending.Dispose();
        }

        _shard.OnConnectionClosed(this, reason);
    }

    private void ProcessFrames()
    {
        while (!IsClosed)
        {
            var available = _end - _start;
            if (!_hasHeader)
            {
                if (available < RpcHeader.Length)
                {
                    SetFrameDeadline(available > 0);
                    return;
                }

                var header = RpcHeader.Read(_buffer!.Array.AsSpan(_start, RpcHeader.Length));
                var error = RpcFrame.ValidateHeader(header, (uint)_shard.Options.MaxFrameSize);
                if (error != RpcFrameError.None)
                {
                    RejectFrame(error, header);
                    return;
                }

                if (!_shard.TryGetHandler(header.Meta, out _handler))
                {
                    _shard.Counters.NoRoute++;
                    _shard.LogUnknownRequestId(this, header.Meta);
                    Close(CloseReason.UnknownRequestId);
                    return;
                }

                if (header.Size > _shard.Options.MaxInFlightBytesPerShard)
                {
                    _shard.Counters.BadRequests++;
                    _shard.LogFrameLargerThanBudget(this, header.Size);
                    Close(CloseReason.FrameLargerThanBudget);
                    return;
                }

                _start += RpcHeader.Length;
                available -= RpcHeader.Length;
                _header = header;
                _hasHeader = true;
                if (!_shard.TryReserveBudget(this, header.Size))
                {
                    _pausedForBudget = true;
                    _frameDeadline = 0;
                    _shard.LogReadPaused(this, "the shard's in-flight budget is exhausted");
                    UpdateReadInterest();
                    return;
                }

                _reserved = true;
            }

            var size = (int)_header.Size;
            if (available < size)
            {
                SetFrameDeadline(true);
                return;
            }

            var payload = new ArraySegment<byte>(_buffer!.Array, _start, size);
            _start += size;
            _hasHeader = false;
            _reserved = false;
            _frameDeadline = 0;
            Dispatch(_header, payload, _handler!);
        }
    }

    private void Dispatch(RpcHeader header, ArraySegment<byte> payload, RpcMethodHandler handler)
    {
        if (RpcFrame.ValidatePayload(header, payload) != RpcFrameError.None)
        {
            _shard.ReleaseBudget(header.Size);
            RejectFrame(RpcFrameError.ChecksumMismatch, header);
            return;
        }

        var context = _shard.RentContext();
        context.Begin(this, header, payload, _buffer!, header.Size, _cancellation.Token);
        if (header.Compression != CompressionFlags.None)
        {
            var filtered = header;
            ReadOnlyMemory<byte> plain;
            try
            {
                plain = FrameFilterChain.ApplyIncoming(_shard.IncomingFilters, ref filtered, payload, context.FilterFirst, context.FilterSecond);
            }
            catch (Exception e)
            {
                // Filters may be user code: whatever they throw, the frame is undecodable.
                _shard.AbortCall(context);
                _shard.Counters.BadRequests++;
                _shard.LogUndecodablePayload(this, e.Message);
                Close(CloseReason.BadFrame);
                return;
            }

            if (filtered.Compression == CompressionFlags.Disabled)
            {
                filtered = filtered with { Compression = CompressionFlags.None };
            }

            if (filtered.Compression != CompressionFlags.None)
            {
                _shard.AbortCall(context);
                RejectFrame(RpcFrameError.UndecodablePayload, filtered);
                return;
            }

            context.SetFilteredPayload(filtered, plain);
        }

        _inFlight++;
        _shard.BeginCall(context);
        context.Run(handler);
    }

    private void WriteReply(ushort session, RpcReply reply)
    {
        var payload = reply.Payload.IsEmpty ? EmptyTable : reply.Payload;
        var header = new RpcHeader(
            reply.Compression, 0, session, (uint)payload.Length, PayloadChecksum.Compute(payload.Span), reply.Status == 0 ? RpcStatus.Ok : reply.Status);
        if (_shard.OutgoingFilters.Length > 0)
        {
            payload = FrameFilterChain.ApplyOutgoing(_shard.OutgoingFilters, ref header, payload, _shard.OutgoingFirst, _shard.OutgoingSecond);
        }

        var destination = _output.GetSpan(RpcHeader.Length + payload.Length);
        header.Write(destination);
        payload.Span.CopyTo(destination[RpcHeader.Length..]);
        _output.Advance(RpcHeader.Length + payload.Length);
        if (!_dirty)
        {
            _dirty = true;
            _shard.MarkDirty(this);
        }

        if (!_pausedForOutput && _output.WrittenCount + _sending.WrittenCount - _sendOffset > OutputPauseThreshold)
        {
            _pausedForOutput = true;
            _shard.LogReadPaused(this, "the client is not reading its replies");
            UpdateReadInterest();
        }
    }

    private void SendPending()
    {
        while (true)
        {
            if (_sendOffset == _sending.WrittenCount)
            {
                _sending.Clear(MaxRetainedOutputBytes);
                _sendOffset = 0;
                if (_output.WrittenCount == 0)
                {
                    if (_pausedForOutput)
                    {
                        _pausedForOutput = false;
                        UpdateReadInterest();
                        ProcessFrames();
                    }

                    return;
                }

                (_output, _sending) = (_sending, _output);
            }

            var sent = _transport.Send(_sending.WrittenSpan[_sendOffset..]);
            if (sent == -2)
            {
                Close(CloseReason.PeerReset);
                return;
            }

            if (sent == -1)
            {
                _sendInProgress = true;
                _transport.WaitWritable(_sending.WrittenMemory[_sendOffset..]);
                return;
            }

            _sendOffset += sent;
            _shard.Counters.BytesSent += sent;
        }
    }

    private void CloseIfDrained()
    {
        if (_draining && !IsClosed && _inFlight == 0 && !HasUnsentOutput)
        {
            Close(_closeReasonWhenDrained);
        }
    }

    private void RejectFrame(RpcFrameError error, RpcHeader header)
    {
        _shard.Counters.BadRequests++;
        _shard.LogBadFrame(this, error, header);
        Close(CloseReason.BadFrame);
    }

    private void SetFrameDeadline(bool partialFrame)
    {
        if (!partialFrame)
        {
            _frameDeadline = 0;
        }
        else if (_frameDeadline == 0 && _shard.BodyTimeoutTicks > 0)
        {
            _frameDeadline = Stopwatch.GetTimestamp() + _shard.BodyTimeoutTicks;
        }
    }

    private void UpdateReadInterest() => _transport.SetReadInterest(!_pausedForBudget && !_pausedForOutput && !_draining && !IsClosed);

    private void EnsureReceiveSpace()
    {
        if (_buffer is null)
        {
            _buffer = RecvBuffer.Rent(_shard.ReceiveBufferPool, ReceiveBufferSize);
            _start = _end = 0;
        }

        var buffer = _buffer;
        if (_start == _end && buffer.IsExclusive)
        {
            _start = _end = 0;
            if (buffer.Array.Length > ReceiveBufferSize * 2 && !_hasHeader)
            {
                SwitchBuffer(RecvBuffer.Rent(_shard.ReceiveBufferPool, ReceiveBufferSize));
            }
        }

        buffer = _buffer!;
        var needed = _hasHeader ? (int)_header.Size : RpcHeader.Length;
        var free = buffer.Array.Length - _end;
        if (buffer.Array.Length - _start >= needed && free >= Math.Min(MinimumReadSpace, needed - (_end - _start)))
        {
            return;
        }

        var capacity = Math.Max(ReceiveBufferSize, needed);
        if (buffer.IsExclusive && capacity <= buffer.Array.Length)
        {
            buffer.Array.AsSpan(_start, _end - _start).CopyTo(buffer.Array);
            _end -= _start;
            _start = 0;
            return;
        }

        SwitchBuffer(capacity <= ReceiveBufferSize
            ? RecvBuffer.Rent(_shard.ReceiveBufferPool, ReceiveBufferSize)
            : RecvBuffer.RentOversize(capacity));
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
