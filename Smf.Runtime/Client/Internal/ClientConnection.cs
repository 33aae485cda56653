using System.Buffers;
using System.Net;
using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Sharding.Internal;
using Smf.Transport.Internal;
using Smf.Internal;

namespace Smf.Client.Internal;

/// <summary>
/// One connection of an <see cref="RpcClient"/>, living on a shard's event loop: the session table of the calls
/// waiting for a reply, the requests queued for the next write, and the replies read, checked, decoded and
/// handed to their calls. Framing, writing and backpressure are <see cref="FrameConnection"/>'s. A connection is used
/// once: after it closes, the client makes a new one.
/// </summary>
/// <remarks>
/// Everything but <see cref="IsOpen"/> runs on the loop thread. Callers on other threads post their calls here
/// (<see cref="Post"/>); a caller on the same loop submits directly.
/// </remarks>
internal sealed class ClientConnection : FrameConnection
{
    private static readonly SendOrPostCallback DrainCallback = static state => ((ClientConnection)state!).DrainSubmitted();

    /// <summary>Marks a session whose caller gave up (deadline or cancellation) but whose reply may still come.</summary>
    private static readonly object Abandoned = new();

    private readonly RpcClient _client;
    private readonly FrameDecoder _decoder;
    private readonly DecodeBuffers _decodeBuffers = new();
    private readonly object?[] _sessions = new object?[RpcClientOptions.MaxSessions];
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EndPoint _endPoint;
    private readonly CompletionDispatcher _completions;
    private readonly CallDeadlines _deadlines;
    private readonly object _submitLock = new();
    private List<PendingCall> _submitted = [];
    private List<PendingCall> _draining = [];
    private bool _drainScheduled;
    private int _inFlight;
    private int _abandoned;
    private ushort _nextSession = 1;
    private volatile bool _open = true;
    private Exception? _closeError;

    public ClientConnection(RpcClient client, ShardLoop loop, ITransport transport, FrameDecoder decoder)
        : base(loop, transport, new FrameReader(new Stack<RecvBuffer>(), client.Options.ReceiveBufferSize, (uint)client.Options.MaxReplyPayloadSize), client.Options.OutputPauseThreshold)
    {
        _client = client;
        _decoder = decoder;
        _endPoint = transport.RemoteEndPoint ?? client.EndPoint;
        _completions = new CompletionDispatcher(loop);
        _deadlines = new CallDeadlines(loop, Clock, (call, version) => Abandon(call, version, timedOut: true));
    }

    /// <summary>Whether calls can still be sent on this connection. Thread-safe.</summary>
    public bool IsOpen => _open;

    /// <summary>The server's address.</summary>
    public EndPoint EndPoint => _endPoint;

    /// <summary>The clock of call deadlines.</summary>
    public TimeProvider Clock => _client.Options.TimeProvider;

    /// <summary>Completes when the connection has closed and failed its calls.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the connection closed, once it has.</summary>
    public Exception? CloseError => _closeError;

    protected override bool IsDrained => true;

    /// <summary>Sends <paramref name="call"/> from any thread: directly on the loop's own thread, else posted to it.</summary>
    public void Post(PendingCall call)
    {
        call.MadeOnLoop = ShardLoop.Current == Loop;
        if (call.MadeOnLoop)
        {
            Submit(call);
            return;
        }

        // Calls from other threads queue here; the loop takes them all in one posted drain, so a burst of calls costs
        // one post (and at most one wake-up) and no allocation.
        bool schedule;
        lock (_submitLock)
        {
            _submitted.Add(call);
            schedule = !_drainScheduled;
            _drainScheduled = true;
        }

        if (schedule && !Loop.TryPost(DrainCallback, this))
        {
            FailUnsent(new RpcConnectionException($"The connection to '{_endPoint}' cannot send: its shard has stopped."));
        }
    }

    /// <summary>Closes the connection from any thread.</summary>
    public void CloseFromAnyThread(CloseReason reason, Exception error)
    {
        if (ShardLoop.Current == Loop)
        {
            Close(reason, error);
        }
        else if (!Loop.TryPost(static s => { var (c, r, e) = ((ClientConnection, CloseReason, Exception))s!; c.Close(r, e); }, (this, reason, error)))
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Gives up on a call whose deadline passed or whose token was canceled, if it still waits. Loop thread.</summary>
    public void Abandon(PendingCall call, short version, bool timedOut)
    {
        if (call.Version != version || IsClosed || !ReferenceEquals(_sessions[call.Session], call))
        {
            return;
        }

        _deadlines.Remove(call);
        _sessions[call.Session] = Abandoned;
        _inFlight--;
        _abandoned++;
        Fail(call, timedOut
            ? TimedOut(call)
            : new OperationCanceledException($"The call with request id {call.RequestId} (session {call.Session}) was canceled before its reply arrived.", call.CancellationToken));
    }

    protected override void ProcessFrames()
    {
        while (!IsClosed)
        {
            switch (Reader.Next(out var payload, out var error))
            {
                case FrameStep.NeedMore:
                    return;
                case FrameStep.Invalid:
                    Close(CloseReason.BadFrame, BadReply(Reader.Header, error, null));
                    return;
                case FrameStep.Header:
                    break;
                case FrameStep.Frame:
                    Deliver(Reader.Header, payload);
                    break;
            }
        }
    }

    protected override void OnEndOfStream(bool midFrame) =>
        Close(midFrame ? CloseReason.Disconnected : CloseReason.PeerClosed, new EndOfStreamException(midFrame
            ? $"The server at '{_endPoint}' closed the connection in the middle of a reply frame."
            : $"The server at '{_endPoint}' closed the connection."));

    protected override void OnReceiveFailed(bool midFrame) =>
        Close(CloseReason.PeerReset, new IOException($"The connection to '{_endPoint}' was reset or failed."));

    protected override void OnClosed(CloseReason reason, Exception? error)
    {
        error ??= new IOException($"The connection to '{_endPoint}' closed ({reason}).");
        _closeError = error;
        _open = false;
        if (_inFlight + _abandoned > 0)
        {
            for (var i = 0; i < _sessions.Length; i++)
            {
                if (_sessions[i] is PendingCall call)
                {
                    var message = reason == CloseReason.ClientDisposed
                        ? $"The client was disposed while the call with request id {call.RequestId} (session {call.Session}) waited for its reply."
                        : $"The connection to '{_endPoint}' failed while the call with request id {call.RequestId} (session {call.Session}) waited for its reply: {error.Message}";
                    _deadlines.Remove(call);
                    Fail(call, new RpcConnectionException(message, error));
                }

                _sessions[i] = null;
            }

            _inFlight = 0;
            _abandoned = 0;
        }

        _deadlines.Dispose();
        _decodeBuffers.Dispose();
        _client.OnConnectionClosed(this, error);
        _completion.TrySetResult();
    }

    /// <summary>Submits the calls queued by other threads. Loop thread.</summary>
    private void DrainSubmitted()
    {
        List<PendingCall> batch;
        lock (_submitLock)
        {
            batch = _submitted;
            _submitted = _draining;
            _draining = batch;
            _drainScheduled = false;
        }

        foreach (var call in batch)
        {
            Submit(call);
        }

        batch.Clear();
    }

    /// <summary>Fails the calls queued for a loop that has stopped: nothing else can complete them.</summary>
    private void FailUnsent(Exception error)
    {
        List<PendingCall> unsent;
        lock (_submitLock)
        {
            unsent = [.. _submitted];
            _submitted.Clear();
            _drainScheduled = false;
        }

        foreach (var call in unsent)
        {
            call.Fail(error);
            _client.ReleaseCallSlot();
        }
    }

    /// <summary>Puts <paramref name="call"/> in the session table and queues its frame. Loop thread.</summary>
    private void Submit(PendingCall call)
    {
        if (IsClosed)
        {
            Fail(call, new RpcConnectionException($"The connection to '{_endPoint}' is closed: {_closeError?.Message}", _closeError));
            return;
        }

        if (call.CancellationToken.IsCancellationRequested)
        {
            Fail(call, new OperationCanceledException($"The call with request id {call.RequestId} was canceled before it was sent.", call.CancellationToken));
            return;
        }

        if (Clock.GetTimestamp() >= call.DeadlineTimestamp)
        {
            Fail(call, TimedOut(call));
            return;
        }

        if (_inFlight + _abandoned >= _sessions.Length)
        {
            // Only a new connection frees the ids of replies that never came: close this one so that the next call
            // or the reconnect policy makes it.
            var reason = new InvalidOperationException(
                $"All {_sessions.Length} session ids of the connection to '{_endPoint}' are held by calls in flight or by calls that gave up on replies that never came.");
            Fail(call, new RpcConnectionException($"{reason.Message} The connection was closed to free them.", reason));
            Close(CloseReason.SessionsExhausted, reason);
            return;
        }

        var session = _nextSession;
        while (_sessions[session] is not null)
        {
            session++;
        }

        _nextSession = (ushort)(session + 1);
        _sessions[session] = call;
        call.Session = session;
        _inFlight++;
        _deadlines.Add(call);
        Writer.WriteWithSession(call.Frame.WrittenSpan, session);
        OnFrameQueued();
    }

    /// <summary>Checks the payload against the header, undoes compression and hands the reply to its call.</summary>
    private void Deliver(RpcHeader header, ArraySegment<byte> payload)
    {
        var received = header;
        var error = _decoder.Decode(ref header, payload, _decodeBuffers, out var plain, out var reason);
        if (error != RpcFrameError.None)
        {
            Close(CloseReason.BadFrame, BadReply(received, error, reason));
            return;
        }

        var entry = _sessions[header.Session];
        if (entry is PendingCall call)
        {
            _sessions[header.Session] = null;
            _inFlight--;
            _deadlines.Remove(call);
            var array = ByteArrays.Rent(plain.Count);
            plain.AsSpan().CopyTo(array);
            _decodeBuffers.Clear();
            // The slot is free before the caller runs on: a call made on the loop may call again from its continuation.
            _client.ReleaseCallSlot();
            _completions.Complete(call, new ReceivedFrame(header, array));
            return;
        }

        _decodeBuffers.Clear();
        if (ReferenceEquals(entry, Abandoned))
        {
            _sessions[header.Session] = null;
            _abandoned--;
            RpcClientLog.LateReplyDropped(_client.Logger, header.Session, _endPoint);
            return;
        }

        Close(CloseReason.BadFrame, new InvalidDataException($"The server sent a reply for session {header.Session}, which no call is waiting for."));
    }

    private void Fail(PendingCall call, Exception error)
    {
        _client.ReleaseCallSlot();
        _completions.Fail(call, error);
    }

    private static TimeoutException TimedOut(PendingCall call) =>
        new($"The call with request id {call.RequestId} got no reply within {call.CallTimeout.TotalMilliseconds} ms (session {call.Session}).");

    private InvalidDataException BadReply(in RpcHeader header, RpcFrameError error, string? reason) =>
        new(error switch
        {
            RpcFrameError.EmptyPayload => $"The server sent a reply with size 0 (session {header.Session}); every smf payload is a non-empty FlatBuffer.",
            RpcFrameError.PayloadTooLarge => $"The server sent a reply of {header.Size} bytes (session {header.Session}); the limit is set by RpcClientOptions.MaxReplyPayloadSize ({_decoder.MaxPayloadSize}).",
            RpcFrameError.ZeroChecksum => $"The server sent a reply with checksum 0 (session {header.Session}), which smf rejects.",
            RpcFrameError.ChecksumMismatch => $"The server sent a reply whose checksum does not match its payload (session {header.Session}): {reason}.",
            RpcFrameError.ZeroMeta => $"The server sent a reply with status 0 (session {header.Session}).",
            RpcFrameError.UnsupportedFlags => $"The server sent a reply with bitflags 0x{header.BitFlags:X2} (session {header.Session}); no flag may be set.",
            RpcFrameError.UnknownCompression => $"The server sent a reply with compression {(sbyte)header.Compression} (session {header.Session}); only 0 to 3 exist.",
            RpcFrameError.UndecodablePayload => $"The server sent a reply that does not decode (session {header.Session}, {header.Compression}): {reason}; add the matching filter to RpcClientOptions.IncomingFilters.",
            _ => $"The server sent an invalid reply ({error}, session {header.Session}).",
        });
}
