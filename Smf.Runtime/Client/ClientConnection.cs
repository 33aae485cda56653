using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Client;

/// <summary>
/// One TCP connection of an <see cref="RpcClient"/>: the session table of the calls waiting for a reply,
/// the batched writer and the single read loop. A connection is used once: after it closes, the client
/// makes a new one.
/// </summary>
/// <remarks>
/// Callers append whole frames to a shared buffer under <see cref="_lock"/>; the first append after a
/// flush queues <see cref="IThreadPoolWorkItem.Execute"/>, which writes everything appended meanwhile in
/// one send, so calls issued in the same burst share a socket write. The read loop parses every frame in
/// each receive, validates it, runs the incoming filters and completes the call that owns its session.
/// </remarks>
internal sealed class ClientConnection : IThreadPoolWorkItem
{
    private const int ReceiveBufferSize = 64 * 1024;
    private const int InitialWriteBufferSize = 16 * 1024;

    /// <summary>Marks a session whose caller gave up (deadline or cancellation) but whose reply may still come.</summary>
    private static readonly object Abandoned = new();

    private readonly RpcClient _client;
    private readonly Socket _socket;
    private readonly object _lock = new();
    private readonly object?[] _sessions = new object?[RpcClientOptions.MaxSessions];
    private readonly PooledBufferWriter _incomingFirst = new();
    private readonly PooledBufferWriter _incomingSecond = new();
    private int _inFlight;
    private int _abandoned;
    private ushort _nextSession = 1;
    private bool _closed;
    private Exception? _closeReason;
    private byte[] _pending = GC.AllocateUninitializedArray<byte>(InitialWriteBufferSize);
    private int _pendingLength;
    private byte[] _flushing = GC.AllocateUninitializedArray<byte>(InitialWriteBufferSize);
    private bool _flushScheduled;

    public ClientConnection(RpcClient client, Socket socket)
    {
        _client = client;
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint ?? client.EndPoint;
    }

    public EndPoint RemoteEndPoint { get; }

    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>The task of the read loop; it completes when the connection closes.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the read loop, outside the ExecutionContext of whoever connected (it outlives their call).</summary>
    public void Start()
    {
        if (ExecutionContext.IsFlowSuppressed())
        {
            Completion = ReadLoopAsync();
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            Completion = ReadLoopAsync();
        }
    }

    /// <summary>
    /// Gives <paramref name="call"/> a free session id, puts it in the session table and queues its frame.
    /// </summary>
    /// <param name="call">An armed call.</param>
    /// <param name="header">The header to send, session excepted.</param>
    /// <param name="payload">The payload to send, after the outgoing filters.</param>
    /// <exception cref="RpcConnectionException">The connection is closed, or has no free session id (it is then closed).</exception>
    /// <exception cref="OperationCanceledException">The call was canceled before it could be sent.</exception>
    /// <exception cref="TimeoutException">The call's deadline passed before it could be sent.</exception>
    public void Send(PendingCall call, RpcHeader header, ReadOnlySpan<byte> payload)
    {
        var schedule = false;
        var exhausted = false;
        lock (_lock)
        {
            if (_closed)
            {
                throw NotConnected();
            }

            call.CancellationToken.ThrowIfCancellationRequested();
            if (Stopwatch.GetTimestamp() >= call.DeadlineTimestamp)
            {
                throw TimedOut(call);
            }

            exhausted = _inFlight + _abandoned >= _sessions.Length;
            if (!exhausted)
            {
                schedule = Enqueue(call, header, payload);
            }
        }

        if (exhausted)
        {
            // Only a new connection frees the ids of replies that never came: close this one so that
            // ConnectAsync or the reconnect policy can make it.
            var reason = new InvalidOperationException(
                $"All {_sessions.Length} session ids of the connection to '{RemoteEndPoint}' are held by calls in flight or by calls that gave up on replies that never came.");
            Close(reason);
            throw new RpcConnectionException($"{reason.Message} The connection was closed to free them.", reason);
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>
    /// Gives up on a call whose deadline passed or whose token was canceled, if it is still waiting. Its
    /// session stays reserved until the late reply arrives (and is dropped) or the connection closes.
    /// </summary>
    public void TryAbandon(PendingCall call, bool timedOut)
    {
        lock (_lock)
        {
            if (_closed || !ReferenceEquals(_sessions[call.Session], call))
            {
                return;
            }

            _sessions[call.Session] = Abandoned;
            _inFlight--;
            _abandoned++;
        }

        Exception error = timedOut
            ? TimedOut(call)
            : new OperationCanceledException($"The call with request id {call.RequestId} (session {call.Session}) was canceled before its reply arrived.", call.CancellationToken);
        call.Fail(error);
        _client.ReleaseCallSlot();
    }

    /// <summary>Closes the socket and fails every waiting call with <paramref name="reason"/> as the cause. Idempotent.</summary>
    public void Close(Exception reason)
    {
        List<PendingCall>? calls = null;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _closeReason = reason;
            if (_inFlight + _abandoned > 0)
            {
                calls = new List<PendingCall>(_inFlight);
                for (var i = 0; i < _sessions.Length; i++)
                {
                    if (_sessions[i] is PendingCall call)
                    {
                        calls.Add(call);
                    }

                    _sessions[i] = null;
                }

                _inFlight = 0;
                _abandoned = 0;
            }
        }

        _socket.Dispose();
        if (calls is not null)
        {
            foreach (var call in calls)
            {
                var message = reason is ObjectDisposedException
                    ? $"The client was disposed while the call with request id {call.RequestId} (session {call.Session}) waited for its reply."
                    : $"The connection to '{RemoteEndPoint}' failed while the call with request id {call.RequestId} (session {call.Session}) waited for its reply: {reason.Message}";
                call.Fail(new RpcConnectionException(message, reason));
                _client.ReleaseCallSlot();
            }
        }

        _client.OnConnectionClosed(this, reason);
    }

    void IThreadPoolWorkItem.Execute() => _ = FlushAsync();

    private async Task FlushAsync()
    {
        try
        {
            while (true)
            {
                byte[] buffer;
                int length;
                lock (_lock)
                {
                    if (_pendingLength == 0 || _closed)
                    {
                        _flushScheduled = false;
                        return;
                    }

                    buffer = _pending;
                    length = _pendingLength;
                    _pending = _flushing;
                    _pendingLength = 0;
                    _flushing = buffer;
                }

                var sent = 0;
                while (sent < length)
                {
                    sent += await _socket.SendAsync(buffer.AsMemory(sent, length - sent), SocketFlags.None).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            Close(e);
        }
    }

    /// <summary>Assigns the next free session id to <paramref name="call"/> and appends its frame; called under <see cref="_lock"/>.</summary>
    /// <returns>Whether the caller must queue a flush.</returns>
    private bool Enqueue(PendingCall call, RpcHeader header, ReadOnlySpan<byte> payload)
    {
        var session = _nextSession;
        while (_sessions[session] is not null)
        {
            session++;
        }

        _nextSession = (ushort)(session + 1);
        _sessions[session] = call;
        call.Session = session;
        _inFlight++;

        var frameLength = RpcHeader.Length + payload.Length;
        EnsureWriteCapacity(frameLength);
        var frame = _pending.AsSpan(_pendingLength, frameLength);
        (header with { Session = session }).Write(frame);
        payload.CopyTo(frame[RpcHeader.Length..]);
        _pendingLength += frameLength;
        var schedule = !_flushScheduled;
        _flushScheduled = true;
        return schedule;
    }

    private void EnsureWriteCapacity(int frameLength)
    {
        var needed = _pendingLength + frameLength;
        if (needed <= _pending.Length)
        {
            return;
        }

        var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _pending.Length)));
        _pending.AsSpan(0, _pendingLength).CopyTo(grown);
        _pending = grown;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var start = 0;
        var end = 0;
        try
        {
            while (true)
            {
                while (end - start >= RpcHeader.Length)
                {
                    var header = RpcHeader.Read(buffer.AsSpan(start));
                    var error = RpcFrame.ValidateHeader(header, (uint)_client.MaxReplyPayloadSize);
                    if (error != RpcFrameError.None)
                    {
                        throw BadReply(header, error);
                    }

                    var size = (int)header.Size;
                    if (end - start >= RpcHeader.Length + size)
                    {
                        Deliver(header, buffer.AsMemory(start + RpcHeader.Length, size), owned: null);
                        start += RpcHeader.Length + size;
                        continue;
                    }

                    if (RpcHeader.Length + size <= buffer.Length)
                    {
                        break;
                    }

                    // A frame larger than the receive buffer is read straight into its own array.
                    var payload = ArrayPool<byte>.Shared.Rent(size);
                    var have = end - start - RpcHeader.Length;
                    buffer.AsSpan(start + RpcHeader.Length, have).CopyTo(payload);
                    start = end = 0;
                    try
                    {
                        while (have < size)
                        {
                            var read = await _socket.ReceiveAsync(payload.AsMemory(have, size - have), SocketFlags.None).ConfigureAwait(false);
                            if (read == 0)
                            {
                                throw ServerClosed(mid: true);
                            }

                            have += read;
                        }
                    }
                    catch
                    {
                        ArrayPool<byte>.Shared.Return(payload);
                        throw;
                    }

                    Deliver(header, payload.AsMemory(0, size), owned: payload);
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var received = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    throw ServerClosed(mid: end > 0);
                }

                end += received;
            }
        }
        catch (Exception e)
        {
            Close(e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _incomingFirst.Dispose();
            _incomingSecond.Dispose();
        }
    }

    /// <summary>
    /// Checks the payload against the header, undoes compression and hands the reply to its call.
    /// <paramref name="owned"/> is the pooled array <paramref name="payload"/> lives in, if the frame has
    /// one of its own; this method takes ownership of it.
    /// </summary>
    private void Deliver(RpcHeader header, ReadOnlyMemory<byte> payload, byte[]? owned)
    {
        byte[] array;
        try
        {
            if (RpcFrame.ValidatePayload(header, payload.Span) != RpcFrameError.None)
            {
                throw BadReply(header, RpcFrameError.ChecksumMismatch, PayloadChecksum.Compute(payload.Span));
            }

            var received = header;
            ReadOnlyMemory<byte> plain;
            try
            {
                plain = FrameFilterChain.ApplyIncoming(_client.IncomingFilters, ref header, payload, _incomingFirst, _incomingSecond);
            }
            catch (Exception e) when (e is not InvalidDataException)
            {
                // Filters are pluggable; whatever one throws, the reply could not be decoded.
                throw new InvalidDataException($"The incoming filters could not decode the reply for session {received.Session} ({received.Compression}, {received.Size} bytes): {e.Message}", e);
            }

            if (header.Compression is CompressionFlags.Zstd or CompressionFlags.Lz4)
            {
                throw BadReply(received, RpcFrameError.UndecodablePayload);
            }

            if (header.Size != (uint)plain.Length || header.Size == 0 || header.Size > (uint)_client.MaxReplyPayloadSize)
            {
                throw new InvalidDataException(
                    $"The reply for session {header.Session} decodes to {plain.Length} bytes; it must be between 1 and {_client.MaxReplyPayloadSize} (RpcClientOptions.MaxReplyPayloadSize).");
            }

            header = header with { Compression = CompressionFlags.None };
            if (owned is not null && plain.Equals(payload))
            {
                array = owned;
                owned = null;
            }
            else
            {
                array = ArrayPool<byte>.Shared.Rent(plain.Length);
                plain.Span.CopyTo(array);
            }
        }
        finally
        {
            if (owned is not null)
            {
                ArrayPool<byte>.Shared.Return(owned);
            }
        }

        Route(header, array);
    }

    private void Route(RpcHeader header, byte[] array)
    {
        PendingCall? call = null;
        var known = true;
        lock (_lock)
        {
            var entry = _sessions[header.Session];
            if (entry is PendingCall waiting)
            {
                _sessions[header.Session] = null;
                _inFlight--;
                call = waiting;
            }
            else if (ReferenceEquals(entry, Abandoned))
            {
                _sessions[header.Session] = null;
                _abandoned--;
            }
            else
            {
                known = false;
            }
        }

        if (call is null)
        {
            ArrayPool<byte>.Shared.Return(array);
            if (!known)
            {
                throw new InvalidDataException($"The server sent a reply for session {header.Session}, which no call is waiting for.");
            }

            RpcClientLog.LateReplyDropped(_client.Logger, header.Session, RemoteEndPoint);
            return;
        }

        call.Complete(new ReceivedFrame(header, array));
        _client.ReleaseCallSlot();
    }

    private RpcConnectionException NotConnected() =>
        new($"The connection to '{RemoteEndPoint}' is closed: {_closeReason?.Message}", _closeReason);

    private static TimeoutException TimedOut(PendingCall call) =>
        new($"The call with request id {call.RequestId} got no reply within {call.CallTimeout.TotalMilliseconds} ms (session {call.Session}).");

    private IOException ServerClosed(bool mid) =>
        new EndOfStreamException(mid
            ? $"The server at '{RemoteEndPoint}' closed the connection in the middle of a reply frame."
            : $"The server at '{RemoteEndPoint}' closed the connection.");

    private static InvalidDataException BadReply(in RpcHeader header, RpcFrameError error, uint actualChecksum = 0) =>
        new(error switch
        {
            RpcFrameError.EmptyPayload => $"The server sent a reply with size 0 (session {header.Session}); every smf payload is a non-empty FlatBuffer.",
            RpcFrameError.PayloadTooLarge => $"The server sent a reply of {header.Size} bytes (session {header.Session}); the limit is set by RpcClientOptions.MaxReplyPayloadSize.",
            RpcFrameError.ZeroChecksum => $"The server sent a reply with checksum 0 (session {header.Session}), which smf rejects.",
            RpcFrameError.ChecksumMismatch => $"The server sent a reply whose checksum 0x{header.Checksum:X8} does not match its payload (0x{actualChecksum:X8}, session {header.Session}).",
            RpcFrameError.ZeroMeta => $"The server sent a reply with status 0 (session {header.Session}).",
            RpcFrameError.UnsupportedFlags => $"The server sent a reply with bitflags 0x{header.BitFlags:X2} (session {header.Session}); no flag may be set.",
            RpcFrameError.UnknownCompression => $"The server sent a reply with compression {(sbyte)header.Compression} (session {header.Session}); only 0 to 3 exist.",
            RpcFrameError.UndecodablePayload => $"The server sent a reply compressed with '{header.Compression}' (session {header.Session}) and no incoming filter decompressed it; add the matching filter to RpcClientOptions.IncomingFilters.",
            _ => $"The server sent an invalid reply ({error}, session {header.Session}).",
        });
}
