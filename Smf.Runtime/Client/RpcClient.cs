using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Google.FlatBuffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smf.Messages;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Client;

/// <summary>
/// A client of one smf server (C++, Go or .NET): one TCP connection carrying many calls at once, the
/// counterpart of smf's <c>rpc_client</c>. Thread-safe: any number of threads may call at the same time.
/// </summary>
/// <remarks>
/// <para>Each call gets a session id (1, 2, … 65535, then 0, skipping ids still in use) and waits for the
/// reply carrying that id, so replies may arrive in any order. At most
/// <see cref="RpcClientOptions.MaxCallsInFlight"/> calls wait for a reply at once; further callers wait for
/// a slot within their own deadline. Frames written in the same burst are coalesced into one socket write.</para>
/// <para>When the connection fails (socket error, server closing it, or a malformed reply, which closes it)
/// every waiting call fails with <see cref="RpcConnectionException"/> whose inner exception is the cause.
/// A call whose deadline passes fails with <see cref="TimeoutException"/>; one whose token is canceled,
/// with <see cref="OperationCanceledException"/>. Their late replies are dropped.</para>
/// </remarks>
public sealed class RpcClient : IAsyncDisposable
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    [ThreadStatic]
    private static FlatBufferBuilder? t_builder;

    [ThreadStatic]
    private static PooledBufferWriter? t_outgoingFirst;

    [ThreadStatic]
    private static PooledBufferWriter? t_outgoingSecond;

    private readonly SemaphoreSlim _callSlots;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly IOutgoingFrameFilter[] _outgoingFilters;
    private readonly RpcReconnectPolicy? _reconnectPolicy;
    private readonly TimeSpan _connectTimeout;
    private volatile ClientConnection? _connection;
    private volatile Exception? _lastError;
    private Task _reconnectLoop = Task.CompletedTask;
    private int _reconnecting;

    /// <summary>Creates a client; it does not connect until <see cref="ConnectAsync"/> is called.</summary>
    /// <param name="options">The settings, copied and validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its <see cref="RpcClientOptions.EndPoint"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its documented range.</exception>
    public RpcClient(RpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.EndPoint is null)
        {
            throw new ArgumentNullException(nameof(options), "RpcClientOptions.EndPoint is required: set it to the server's address, e.g. new IPEndPoint(IPAddress.Loopback, 20776).");
        }

        if (options.MaxCallsInFlight is < 1 or > RpcClientOptions.MaxSessions)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCallsInFlight, $"RpcClientOptions.MaxCallsInFlight is '{options.MaxCallsInFlight}'; it must be between 1 and {RpcClientOptions.MaxSessions}.");
        }

        ValidateTimeout(options.CallTimeout, "RpcClientOptions.CallTimeout");
        ValidateTimeout(options.ConnectTimeout, "RpcClientOptions.ConnectTimeout");
        if (options.MaxReplyPayloadSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxReplyPayloadSize, $"RpcClientOptions.MaxReplyPayloadSize is '{options.MaxReplyPayloadSize}'; it must be at least 1 byte.");
        }

        if (options.ReconnectPolicy is { } policy)
        {
            policy.Validate();
            _reconnectPolicy = new RpcReconnectPolicy { Delays = [.. policy.Delays], MaxJitter = policy.MaxJitter };
        }

        _outgoingFilters = [.. options.OutgoingFilters];
        IncomingFilters = [.. options.IncomingFilters];
        if (_outgoingFilters.Contains(null) || IncomingFilters.Contains(null))
        {
            throw new ArgumentException("RpcClientOptions.OutgoingFilters and IncomingFilters must not contain null entries.", nameof(options));
        }

        EndPoint = options.EndPoint;
        MaxCallsInFlight = options.MaxCallsInFlight;
        CallTimeout = options.CallTimeout;
        _connectTimeout = options.ConnectTimeout;
        MaxReplyPayloadSize = options.MaxReplyPayloadSize;
        Logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RpcClient>();
        _callSlots = new SemaphoreSlim(MaxCallsInFlight, MaxCallsInFlight);
    }

    /// <summary>The server this client connects to.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The most calls that wait for a reply at once (<see cref="RpcClientOptions.MaxCallsInFlight"/>).</summary>
    public int MaxCallsInFlight { get; }

    /// <summary>The deadline of calls that do not give their own (<see cref="RpcClientOptions.CallTimeout"/>).</summary>
    public TimeSpan CallTimeout { get; }

    /// <summary>Whether the client has an open connection right now.</summary>
    public bool IsConnected => _connection is { IsClosed: false };

    internal int MaxReplyPayloadSize { get; }

    internal IIncomingFrameFilter[] IncomingFilters { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Connects to <see cref="EndPoint"/> unless already connected. Call it again after the connection failed
    /// to reconnect by hand; calls made in between fail with <see cref="RpcConnectionException"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="RpcConnectionException">The connection could not be made within <see cref="RpcClientOptions.ConnectTimeout"/>; the inner exception says why.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsConnected)
            {
                await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>Calls a method with the default deadline (<see cref="CallTimeout"/>).</summary>
    /// <inheritdoc cref="CallAsync(uint, ReadOnlyMemory{byte}, TimeSpan, CancellationToken)"/>
    public ValueTask<RpcRecvContext> CallAsync(uint requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        CallAsync(requestId, payload, CallTimeout, cancellationToken);

    /// <summary>
    /// Sends one request frame and waits for its reply. The payload is copied into the connection's write
    /// buffer as soon as the call has a slot: before this method returns when one is free, later when the call
    /// has to wait for one. Keep it unchanged until the returned task completes.
    /// </summary>
    /// <param name="requestId">The request id (<see cref="RequestId.Combine"/> of the service and method ids).</param>
    /// <param name="payload">The finished FlatBuffer of the request table; not empty.</param>
    /// <param name="timeout">The deadline of this call, counted from now; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call; its session stays reserved until its late reply arrives.</param>
    /// <returns>The reply, whatever its status; dispose it to return its pooled payload.</returns>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty.</exception>
    /// <exception cref="RpcConnectionException">The client is not connected, or the connection failed before the reply arrived.</exception>
    /// <exception cref="TimeoutException">No reply (or no free call slot) came within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled first.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ValueTask<RpcRecvContext> CallAsync(uint requestId, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("An smf payload cannot be empty; even an empty table finishes to 12 bytes.", nameof(payload));
        }

        ValidateTimeout(timeout, nameof(timeout));
        var started = Stopwatch.GetTimestamp();
        if (TryTakeCallSlot(out var unavailable))
        {
            return Send(PendingCallPool<RawPendingCall>.Rent(), requestId, payload, CompressionFlags.None, timeout, cancellationToken);
        }

        return unavailable is null
            ? CallWhenSlotFreesAsync(requestId, payload, timeout, started, cancellationToken)
            : ValueTask.FromException<RpcRecvContext>(unavailable);
    }

    /// <summary>Calls a method with a typed request and reply and the default deadline (<see cref="CallTimeout"/>).</summary>
    /// <inheritdoc cref="CallAsync{TRequest, TResponse}(uint, RpcTypedEnvelope{TRequest}, TimeSpan, CancellationToken)"/>
    public ValueTask<RpcRecvTypedContext<TResponse>> CallAsync<TRequest, TResponse>(uint requestId, RpcTypedEnvelope<TRequest> request, CancellationToken cancellationToken = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse> =>
        CallAsync<TRequest, TResponse>(requestId, request, CallTimeout, cancellationToken);

    /// <summary>
    /// Serializes <paramref name="request"/> (with a per-thread <see cref="FlatBufferBuilder"/>), sends it and
    /// waits for the reply, which it returns as a zero-copy typed context. This is the call generated clients make.
    /// </summary>
    /// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
    /// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
    /// <param name="requestId">The request id (<see cref="RequestId.Combine"/> of the service and method ids).</param>
    /// <param name="request">The request; its <see cref="RpcTypedEnvelope{T}.Compression"/> hint is honoured, its status ignored.</param>
    /// <param name="timeout">The deadline of this call, counted from now; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="cancellationToken">Cancels the call; its session stays reserved until its late reply arrives.</param>
    /// <returns>The reply, whatever its status (check <see cref="RpcRecvTypedContext{T}.Status"/>); dispose it to return its pooled payload.</returns>
    /// <exception cref="RpcConnectionException">The client is not connected, or the connection failed before the reply arrived.</exception>
    /// <exception cref="TimeoutException">No reply (or no free call slot) came within <paramref name="timeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled first.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ValueTask<RpcRecvTypedContext<TResponse>> CallAsync<TRequest, TResponse>(
        uint requestId, RpcTypedEnvelope<TRequest> request, TimeSpan timeout, CancellationToken cancellationToken = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        ValidateTimeout(timeout, nameof(timeout));
        var started = Stopwatch.GetTimestamp();
        if (TryTakeCallSlot(out var unavailable))
        {
            return SendTyped<TRequest, TResponse>(requestId, request, timeout, cancellationToken);
        }

        return unavailable is null
            ? CallWhenSlotFreesAsync<TRequest, TResponse>(requestId, request, timeout, started, cancellationToken)
            : ValueTask.FromException<RpcRecvTypedContext<TResponse>>(unavailable);
    }

    /// <summary>
    /// Closes the connection (failing the calls in flight with <see cref="RpcConnectionException"/>), stops
    /// reconnecting and releases the client's resources. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        var connection = _connection;
        if (connection is not null)
        {
            connection.Close(new ObjectDisposedException(nameof(RpcClient), "The client was disposed."));
            await connection.Completion.ConfigureAwait(false);
        }

        await _reconnectLoop.ConfigureAwait(false);
    }

    internal void ReleaseCallSlot() => _callSlots.Release();

    internal void OnConnectionClosed(ClientConnection connection, Exception reason)
    {
        _lastError = reason;
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        RpcClientLog.ConnectionClosed(Logger, connection.RemoteEndPoint, reason);
        if (_reconnectPolicy is not null && ReferenceEquals(_connection, connection))
        {
            StartReconnecting();
        }
    }

    private static void ValidateTimeout(TimeSpan timeout, string name)
    {
        if (timeout != Timeout.InfiniteTimeSpan && (timeout < TimeSpan.Zero || timeout > MaxTimeout))
        {
            throw new ArgumentOutOfRangeException(name, timeout, $"The timeout '{timeout}' is invalid; use a value between 0 and {MaxTimeout.TotalDays:F0} days, or Timeout.InfiniteTimeSpan.");
        }
    }

    private static TimeSpan Remaining(TimeSpan timeout, long started)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var remaining = timeout - Stopwatch.GetElapsedTime(started);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>Takes a call slot if one is free right away; <paramref name="unavailable"/> says why calls cannot be made at all.</summary>
    private bool TryTakeCallSlot(out Exception? unavailable)
    {
        if (_disposed.IsCancellationRequested)
        {
            unavailable = new ObjectDisposedException(nameof(RpcClient), "The client was disposed.");
            return false;
        }

        if (!IsConnected)
        {
            unavailable = NotConnected();
            return false;
        }

        unavailable = null;
        return _callSlots.Wait(0);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RpcRecvContext> CallWhenSlotFreesAsync(uint requestId, ReadOnlyMemory<byte> payload, TimeSpan timeout, long started, CancellationToken cancellationToken)
    {
        await WaitForCallSlotAsync(timeout, cancellationToken).ConfigureAwait(false);
        return await Send(PendingCallPool<RawPendingCall>.Rent(), requestId, payload, CompressionFlags.None, Remaining(timeout, started), cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RpcRecvTypedContext<TResponse>> CallWhenSlotFreesAsync<TRequest, TResponse>(
        uint requestId, RpcTypedEnvelope<TRequest> request, TimeSpan timeout, long started, CancellationToken cancellationToken)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        await WaitForCallSlotAsync(timeout, cancellationToken).ConfigureAwait(false);
        return await SendTyped<TRequest, TResponse>(requestId, request, Remaining(timeout, started), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask WaitForCallSlotAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        bool acquired;
        try
        {
            acquired = await _callSlots.WaitAsync(timeout, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(RpcClient), "The client was disposed while the call waited for a free call slot.");
        }

        if (!acquired)
        {
            throw new TimeoutException(
                $"No call slot freed within {timeout.TotalMilliseconds} ms: {MaxCallsInFlight} calls were already waiting for replies (RpcClientOptions.MaxCallsInFlight).");
        }
    }

    private ValueTask<RpcRecvTypedContext<TResponse>> SendTyped<TRequest, TResponse>(uint requestId, in RpcTypedEnvelope<TRequest> request, TimeSpan timeout, CancellationToken cancellationToken)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        ArraySegment<byte> payload;
        try
        {
            payload = request.Serialize(t_builder ??= new FlatBufferBuilder(1024));
        }
        catch (Exception e)
        {
            ReleaseCallSlot();
            return ValueTask.FromException<RpcRecvTypedContext<TResponse>>(e);
        }

        return Send(PendingCallPool<TypedPendingCall<TResponse>>.Rent(), requestId, payload, request.Compression, timeout, cancellationToken);
    }

    /// <summary>
    /// Runs the outgoing filters and queues the frame of <paramref name="call"/> on the connection. Runs
    /// synchronously up to the returned task, so per-thread buffers may hold <paramref name="payload"/>.
    /// The caller holds a call slot; on failure this method releases it and returns a faulted task.
    /// </summary>
    private ValueTask<TResult> Send<TResult>(PendingCallSource<TResult> call, uint requestId, ReadOnlyMemory<byte> payload, CompressionFlags compression, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var connection = _connection;
            if (connection is null || connection.IsClosed)
            {
                throw NotConnected();
            }

            var header = new RpcHeader(compression, 0, 0, (uint)payload.Length, 0, requestId);
            var wire = _outgoingFilters.Length == 0
                ? payload
                : FrameFilterChain.ApplyOutgoing(_outgoingFilters, ref header, payload, t_outgoingFirst ??= new(), t_outgoingSecond ??= new());
            if (header.Checksum == 0)
            {
                // No filter rewrote the payload (a filter that does sets the checksum of what it wrote).
                header = header with { Checksum = PayloadChecksum.Compute(wire.Span) };
            }

            var version = call.Version;
            call.Arm(connection, requestId, timeout, cancellationToken);
            connection.Send(call, header, wire.Span);
            return new ValueTask<TResult>(call, version);
        }
        catch (Exception e)
        {
            call.Abort();
            ReleaseCallSlot();
            return e is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? ValueTask.FromCanceled<TResult>(cancellationToken)
                : ValueTask.FromException<TResult>(e);
        }
    }

    private RpcConnectionException NotConnected()
    {
        var error = _lastError;
        var next = _reconnectPolicy is null ? "Call ConnectAsync to connect." : "It is reconnecting in the background.";
        return error is null
            ? new RpcConnectionException($"The client is not connected to '{EndPoint}'. {next}")
            : new RpcConnectionException($"The client is not connected to '{EndPoint}': {error.Message} {next}", error);
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var socket = EndPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        limit.CancelAfter(_connectTimeout);
        try
        {
            await socket.ConnectAsync(EndPoint, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            var timedOut = new TimeoutException($"Connecting to '{EndPoint}' took longer than {_connectTimeout.TotalMilliseconds} ms (RpcClientOptions.ConnectTimeout).");
            _lastError = timedOut;
            throw new RpcConnectionException(timedOut.Message, timedOut);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            _lastError = e;
            throw new RpcConnectionException($"Could not connect to '{EndPoint}': {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new ClientConnection(this, socket);
        _connection = connection;
        _lastError = null;
        connection.Start();
        RpcClientLog.Connected(Logger, EndPoint);
        if (_disposed.IsCancellationRequested)
        {
            connection.Close(new ObjectDisposedException(nameof(RpcClient), "The client was disposed."));
        }
    }

    private void StartReconnecting()
    {
        if (Interlocked.CompareExchange(ref _reconnecting, 1, 0) == 0)
        {
            _reconnectLoop = Task.Run(ReconnectLoopAsync);
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var policy = _reconnectPolicy!;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var delay = policy.DelayFor(attempt);
                RpcClientLog.ReconnectScheduled(Logger, EndPoint, (long)delay.TotalMilliseconds, attempt + 1);
                await Task.Delay(delay, _disposed.Token).ConfigureAwait(false);
                await _connectGate.WaitAsync(_disposed.Token).ConfigureAwait(false);
                try
                {
                    if (IsConnected)
                    {
                        return;
                    }

                    await ConnectOnceAsync(_disposed.Token).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (!_disposed.IsCancellationRequested)
                {
                    RpcClientLog.ReconnectFailed(Logger, EndPoint, attempt + 1, e);
                }
                finally
                {
                    _connectGate.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _disposed.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
            if (!_disposed.IsCancellationRequested && !IsConnected)
            {
                StartReconnecting();
            }
        }
    }
}
