using System.Net;
using System.Runtime.CompilerServices;
using Google.FlatBuffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smf.Client.Internal;
using Smf.Connections.Internal;
using Smf.Internal;
using Smf.Messages;
using Smf.Messages.Internal;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Sharding;
using Smf.Sharding.Internal;

namespace Smf.Client;

/// <summary>
/// A client of one smf server (C++, Go or .NET): one TCP connection carrying many calls at once, the counterpart of
/// smf's <c>rpc_client</c> and of gRPC's <c>GrpcChannel</c>. Thread-safe: any number of threads may call at once.
/// Generated clients (<c>MemoryNodeClient</c>) wrap one.
/// </summary>
/// <remarks>
/// <para>The connection is made by the first call (or by <see cref="ConnectAsync"/>) and lives on a shard's event
/// loop (<see cref="RpcClientOptions.Shards"/>): requests made during one loop iteration go out in one socket write,
/// and replies are read, checked and decoded there. A client made on a shard thread, inside a handler for example,
/// uses that shard with no thread hop.</para>
/// <para>Each call gets a session id (1, 2, … 65535, then 0, skipping ids still in use) and waits for the reply
/// carrying that id, so replies may arrive in any order. At most <see cref="RpcClientOptions.MaxCallsInFlight"/> calls
/// wait for a reply at once; further callers wait for a slot within their own deadline.</para>
/// <para>When the connection fails (socket error, server closing it, or a malformed reply, which closes it) every
/// waiting call fails with <see cref="RpcConnectionException"/> whose inner exception is the cause. A call whose
/// deadline passes fails with <see cref="TimeoutException"/>; one whose token is canceled, with
/// <see cref="OperationCanceledException"/>. Their late replies are dropped.</para>
/// </remarks>
public sealed partial class RpcClient : IAsyncDisposable
{
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
    private readonly FrameDecoder _decoder;
    private readonly ShardLoop _loop;
    private volatile ClientConnection? _connection;
    private volatile Exception? _lastError;
    private Task _reconnectLoop = Task.CompletedTask;
    private int _reconnecting;

    /// <summary>Creates a client; it connects on the first call, or when <see cref="ConnectAsync"/> is called.</summary>
    /// <param name="options">The settings, copied and validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its <see cref="RpcClientOptions.EndPoint"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its documented range; the message names it.</exception>
    public RpcClient(RpcClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Clone();
        _outgoingFilters = [.. Options.OutgoingFilters];
        _decoder = new FrameDecoder([.. Options.IncomingFilters], (uint)Options.MaxReplyPayloadSize);
        Logger = (Options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RpcClient>();
        _callSlots = new SemaphoreSlim(Options.MaxCallsInFlight, Options.MaxCallsInFlight);
        var current = ShardLoop.Current;
        _loop = current is not null && (Options.Shards is null || current.Group == Options.Shards)
            ? current
            : (Options.Shards ?? ShardGroup.Process).NextLoop();
    }

    /// <summary>The server this client connects to.</summary>
    public EndPoint EndPoint => Options.EndPoint!;

    /// <summary>The most calls that wait for a reply at once (<see cref="RpcClientOptions.MaxCallsInFlight"/>).</summary>
    public int MaxCallsInFlight => Options.MaxCallsInFlight;

    /// <summary>The deadline of calls that do not give their own (<see cref="RpcClientOptions.CallTimeout"/>).</summary>
    public TimeSpan CallTimeout => Options.CallTimeout;

    /// <summary>Whether the client has an open connection right now.</summary>
    public bool IsConnected => _connection is { IsOpen: true };

    /// <summary>The id of the shard whose loop does this client's I/O.</summary>
    public int ShardId => _loop.Id;

    internal RpcClientOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Connects to <see cref="EndPoint"/> unless already connected. Calls connect by themselves; call this to connect
    /// ahead of the first call, or to find out early that the server cannot be reached.
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
        catch (RpcConnectionException e)
        {
            ConnectionFailed?.Invoke(e.Message);
            throw;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    /// <summary>
    /// Sends one request frame with a payload already serialized and waits for its reply, whatever its status. The
    /// payload is copied before this method returns.
    /// </summary>
    /// <param name="requestId">The request id (<see cref="RequestId.Combine"/> of the service and method ids).</param>
    /// <param name="payload">The finished FlatBuffer of the request table; not empty.</param>
    /// <param name="options">The call's deadline, cancellation and compression hint.</param>
    /// <returns>The reply; dispose it to return its pooled payload.</returns>
    /// <exception cref="ArgumentException"><paramref name="payload"/> is empty.</exception>
    /// <exception cref="RpcConnectionException">The connection could not be made, or failed before the reply arrived.</exception>
    /// <exception cref="TimeoutException">No reply came within the deadline.</exception>
    /// <exception cref="OperationCanceledException">The call was canceled first.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ValueTask<RpcResponse> CallAsync(uint requestId, ReadOnlyMemory<byte> payload, RpcCallOptions options = default)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("An smf payload cannot be empty; even an empty table finishes to 12 bytes.", nameof(payload));
        }

        return Call<RawPendingCall, RpcResponse>(PendingCallPool<RawPendingCall>.Rent(), requestId, payload, options);
    }

    /// <summary>
    /// Serializes <paramref name="request"/>, sends it and waits for the reply, which it returns whatever its status
    /// as a zero-copy typed response. Generated clients' <c>…WithStatusAsync</c> methods make this call.
    /// </summary>
    /// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
    /// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
    /// <param name="requestId">The request id (<see cref="RequestId.Combine"/> of the service and method ids).</param>
    /// <param name="request">The request, serialized before this method returns; <see langword="null"/> sends an empty table.</param>
    /// <param name="options">The call's deadline, cancellation and compression hint.</param>
    /// <returns>The reply (check <see cref="RpcResponse{T}.Status"/>); dispose it to return its pooled payload.</returns>
    /// <exception cref="RpcConnectionException">The connection could not be made, or failed before the reply arrived.</exception>
    /// <exception cref="TimeoutException">No reply came within the deadline.</exception>
    /// <exception cref="OperationCanceledException">The call was canceled first.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ValueTask<RpcResponse<TResponse>> CallAsync<TRequest, TResponse>(uint requestId, TRequest? request, RpcCallOptions options = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse> =>
        Options.InterceptorArray.Length == 0 ? SendAsync<TRequest, TResponse>(requestId, request, options) : InterceptAsync<TRequest, TResponse>(requestId, request, options);

    /// <summary>The typed call itself, after the interceptors: serializes, sends and waits for the reply.</summary>
    internal ValueTask<RpcResponse<TResponse>> SendAsync<TRequest, TResponse>(uint requestId, TRequest? request, RpcCallOptions options)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        var call = PendingCallPool<TypedPendingCall<TResponse>>.Rent();
        ArraySegment<byte> payload;
        try
        {
            payload = Serialize(request);
        }
        catch (Exception e)
        {
            call.Abort();
            return ValueTask.FromException<RpcResponse<TResponse>>(e);
        }

        return Call<TypedPendingCall<TResponse>, RpcResponse<TResponse>>(call, requestId, payload, options);
    }

    /// <summary>
    /// Serializes <paramref name="request"/>, sends it, waits for the reply and reads it with <paramref name="read"/>
    /// when its status is <see cref="RpcStatus.Ok"/>. Generated clients' typed methods make this call.
    /// </summary>
    /// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
    /// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
    /// <typeparam name="TResult">What <paramref name="read"/> makes of the response (typically its object-API class).</typeparam>
    /// <param name="requestId">The request id (<see cref="RequestId.Combine"/> of the service and method ids).</param>
    /// <param name="request">The request, serialized before this method returns; <see langword="null"/> sends an empty table.</param>
    /// <param name="read">Reads the verified response table; its result must not keep the table.</param>
    /// <param name="options">The call's deadline, cancellation and compression hint.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    /// <exception cref="RpcException">The server answered a status other than <see cref="RpcStatus.Ok"/>.</exception>
    /// <exception cref="InvalidDataException">The reply is not a well-formed <typeparamref name="TResponse"/>.</exception>
    /// <exception cref="RpcConnectionException">The connection could not be made, or failed before the reply arrived.</exception>
    /// <exception cref="TimeoutException">No reply came within the deadline.</exception>
    /// <exception cref="OperationCanceledException">The call was canceled first.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ValueTask<TResult> CallAsync<TRequest, TResponse, TResult>(uint requestId, TRequest? request, Func<TResponse, TResult> read, RpcCallOptions options = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        ArgumentNullException.ThrowIfNull(read);
        return ReadAsync(CallAsync<TRequest, TResponse>(requestId, request, options), read);
    }

    /// <summary>
    /// Closes the connection (failing the calls in flight with <see cref="RpcConnectionException"/>) with a normal
    /// shutdown, stops reconnecting and releases the client's resources. Safe to call more than once.
    /// </summary>
    /// <returns>Completes when the connection is closed.</returns>
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
            connection.CloseFromAnyThread(CloseReason.ClientDisposed, new ObjectDisposedException(nameof(RpcClient), "The client was disposed."));
            await connection.Completion.ConfigureAwait(false);
        }

        await _reconnectLoop.ConfigureAwait(false);
    }

    internal static RpcException StatusException(RpcStatus status) =>
        new(status, $"The server answered {RpcException.Describe(status)}.");

    internal void ReleaseCallSlot() => _callSlots.Release();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<TResult> ReadAsync<TResponse, TResult>(ValueTask<RpcResponse<TResponse>> pending, Func<TResponse, TResult> read)
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        using var response = await pending.ConfigureAwait(false);
        return read(response.EnsureSuccess().Message);
    }

    private static ArraySegment<byte> Serialize<TRequest>(TRequest? request)
        where TRequest : class, IRpcObject<TRequest>
    {
        var builder = t_builder ??= new FlatBufferBuilder(1024);
        builder.Clear();
        TableWriter.Finish(builder, request);
        return builder.DataBuffer.ToArraySegment(builder.DataBuffer.Position, builder.Offset);
    }

    /// <summary>
    /// Encodes the request frame into <paramref name="call"/> (outgoing filters, checksum), then sends it at once when
    /// the connection is open and a call slot is free, or after connecting and waiting for a slot otherwise.
    /// </summary>
    private ValueTask<TResult> Call<TCall, TResult>(TCall call, uint requestId, ReadOnlyMemory<byte> payload, in RpcCallOptions options)
        where TCall : PendingCallSource<TResult>
    {
        var timeout = options.Timeout ?? Options.CallTimeout;
        var cancellationToken = options.CancellationToken;
        long deadline;
        try
        {
            OptionCheck.Timeout(timeout, nameof(RpcCallOptions), nameof(RpcCallOptions.Timeout), zeroAllowed: true);
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Options.TimeProvider;
            deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetTimestamp() + (long)(timeout.TotalSeconds * clock.TimestampFrequency);
            call.Telemetry = StartTelemetry(requestId, payload.Length);
            Encode(call.Frame, requestId, payload, options, call.Telemetry.Activity);
        }
        catch (Exception e)
        {
            call.Abort(e);
            return e is OperationCanceledException && cancellationToken.IsCancellationRequested
                ? ValueTask.FromCanceled<TResult>(cancellationToken)
                : ValueTask.FromException<TResult>(e);
        }

        var connection = _connection;
        if (connection is { IsOpen: true } && _callSlots.Wait(0))
        {
            return Send<TCall, TResult>(call, connection, requestId, timeout, deadline, cancellationToken);
        }

        return SendWhenReadyAsync<TCall, TResult>(call, requestId, timeout, deadline, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> SendWhenReadyAsync<TCall, TResult>(TCall call, uint requestId, TimeSpan timeout, long deadline, CancellationToken cancellationToken)
        where TCall : PendingCallSource<TResult>
    {
        ClientConnection connection;
        try
        {
            connection = await GetConnectionAsync(timeout, deadline, cancellationToken).ConfigureAwait(false);
            await WaitForCallSlotAsync(timeout, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            call.Abort(e);
            throw;
        }

        return await Send<TCall, TResult>(call, connection, requestId, timeout, deadline, cancellationToken).ConfigureAwait(false);
    }

    private static ValueTask<TResult> Send<TCall, TResult>(TCall call, ClientConnection connection, uint requestId, TimeSpan timeout, long deadline, CancellationToken cancellationToken)
        where TCall : PendingCallSource<TResult>
    {
        var version = call.Version;
        call.Arm(connection, requestId, timeout, deadline, cancellationToken);
        connection.Post(call);
        return new ValueTask<TResult>(call, version);
    }

    private void Encode(PooledBufferWriter frame, uint requestId, ReadOnlyMemory<byte> payload, in RpcCallOptions options, System.Diagnostics.Activity? activity)
    {
        var header = new RpcHeader(options.Compression, 0, 0, (uint)payload.Length, 0, requestId);
        var wire = _outgoingFilters.Length == 0
            ? payload.Span
            : FrameFilterChain.ApplyOutgoing(_outgoingFilters, ref header, payload, t_outgoingFirst ??= new PooledBufferWriter(), t_outgoingSecond ??= new PooledBufferWriter()).Span;

        if (header.Checksum == 0)
        {
            // No filter rewrote the payload (a filter that does sets the checksum of what it wrote).
            header = header with { Checksum = PayloadChecksum.Compute(wire) };
        }

        if (WritePayloadHeaders(frame, header, wire, options.Metadata, activity))
        {
            return;
        }

        frame.Clear();
        var destination = frame.GetSpan(RpcHeader.Length + wire.Length);
        header.Write(destination);
        wire.CopyTo(destination[RpcHeader.Length..]);
        frame.Advance(RpcHeader.Length + wire.Length);
    }

    private async ValueTask WaitForCallSlotAsync(TimeSpan timeout, long deadline, CancellationToken cancellationToken)
    {
        if (_callSlots.Wait(0))
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        bool acquired;
        try
        {
            acquired = await _callSlots.WaitAsync(deadline == long.MaxValue ? Timeout.InfiniteTimeSpan : Remaining(deadline), linked.Token).ConfigureAwait(false);
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

    private TimeSpan Remaining(long deadline)
    {
        var left = Options.TimeProvider.GetElapsedTime(Options.TimeProvider.GetTimestamp(), deadline);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
