using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Google.FlatBuffers;
using Microsoft.Extensions.Logging;
using Smf.Connections.Internal;
using Smf.Internal;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Sharding.Internal;
using Smf.Transport;
using Smf.Transport.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The server's state on one shard: its service instances and routes, its connections, its in-flight byte budget,
/// pooled call contexts and receive buffers, the reply builder and encoder, and its counters. Shard-thread only.
/// </summary>
internal sealed partial class ServerShard
{
    private const int MaxPooledContexts = 1024;
    private static readonly byte[] EmptyTable = RpcReply.EmptyTable.ToArray();
    private static readonly uint EmptyTableChecksum = PayloadChecksum.Compute(EmptyTable);

    private readonly Dictionary<uint, RpcMethodEntry> _routes = [];
    private readonly List<ServerConnection> _scratch = [];
    private readonly List<RpcService> _services = [];
    private readonly HashSet<ServerConnection> _connections = [];
    private readonly Stack<RpcCallContext> _contexts = new();
    private readonly ConnectionLimiter _limiter;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly IOutgoingFrameFilter[] _outgoingFilters;
    private readonly PooledBufferWriter _outgoingFirst;
    private readonly PooledBufferWriter _outgoingSecond;
    private readonly ITimer _oversizeTrimTimer;
    private readonly long _idleTimeoutTicks;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timeoutTimer;
    private bool _draining;

    public ServerShard(ShardLoop loop, RpcServerOptions options, ConnectionLimiter limiter, ServerMetrics metrics, ShardCounters counters, ILogger logger)
    {
        Loop = loop;
        Options = options;
        Counters = counters;
        _limiter = limiter;
        _metrics = metrics;
        _logger = logger;
        Budget = new InFlightBudget(loop, options.MaxInFlightBytesPerShard, counters);
        Decoder = new FrameDecoder([.. options.IncomingFilters], (uint)options.MaxFrameSize, options.MaxRequestMetadataCount, options.MaxRequestMetadataSize);
        _outgoingFilters = [.. options.OutgoingFilters];
        BodyTimeoutTicks = ToTicks(options.BodyReceiveTimeout);
        BudgetWaitTicks = ToTicks(options.BudgetWaitTimeout);
        _idleTimeoutTicks = ToTicks(options.IdleTimeout);
        CrossShardReplyWaitTicks = ToTicks(options.CrossShardReplyWait);

        // Frames of 1 MiB and more reuse the shard's arrays; the shard holds at most its in-flight budget's worth.
        OversizeArrays = new OversizeArrays(loop, options.MaxInFlightBytesPerShard);
        _oversizeTrimTimer = loop.AddTimer(OversizeArrays.TrimInterval, static s => ((OversizeArrays)s!).TrimIfIdle(), OversizeArrays);
        _outgoingFirst = new PooledBufferWriter(OversizeArrays);
        _outgoingSecond = new PooledBufferWriter(OversizeArrays);
    }

    public ShardLoop Loop { get; }

    public int Id => Loop.Id;

    public RpcServerOptions Options { get; }

    public ShardCounters Counters { get; }

    public InFlightBudget Budget { get; }

    public FrameDecoder Decoder { get; }

    public FlatBufferBuilder ReplyBuilder { get; } = new(1024);

    public Stack<RecvBuffer> ReceiveBufferPool { get; } = new();

    /// <summary>The arrays of frames larger than the pooled ones: receive, reply and output buffers.</summary>
    public OversizeArrays OversizeArrays { get; }

    public long BodyTimeoutTicks { get; }

    public long BudgetWaitTicks { get; }

    /// <summary>How long a connection's replies may wait for its handlers' cross-shard calls, in clock ticks; 0 when they do not wait.</summary>
    public long CrossShardReplyWaitTicks { get; }

    public Task Drained => _drained.Task;

    /// <summary>The shard clock's timestamp, in <see cref="TimeProvider.TimestampFrequency"/> ticks (<see cref="ShardLoop.Timestamp"/>).</summary>
    public long Now() => Loop.Timestamp;

    /// <summary>Creates this shard's service instances and routes; runs on the shard thread.</summary>
    public void Initialize(IReadOnlyList<Func<int, RpcService>> factories, EndPoint endPoint)
    {
        foreach (var factory in factories)
        {
            var service = factory(Id) ?? throw new InvalidOperationException($"A service factory returned null on shard {Id}.");
            _services.Add(service);
            var verify = service.VerifyRequests ?? Options.VerifyRequests;
            foreach (var method in service.Methods)
            {
                var requestId = RequestId.Combine(service.ServiceId, method.MethodId);
                _metrics.ForMethod(requestId, service.Name, method.Name);
                if (!_routes.TryAdd(requestId, new RpcMethodEntry(service, method, verify, Options.Authorization?.Resolve(service.Name, method.Name))))
                {
                    throw new InvalidOperationException(
                        $"Two methods route to request id {requestId}: '{service.Name}.{method.Name}' collides with a method registered earlier; rename one.");
                }
            }
        }

        var shortest = Math.Min(Math.Min(TimeoutOrMax(Options.BodyReceiveTimeout), TimeoutOrMax(Options.IdleTimeout)), TimeoutOrMax(Options.BudgetWaitTimeout));
        if (shortest < long.MaxValue)
        {
            var interval = TimeSpan.FromTicks(Math.Clamp(shortest / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
            _timeoutTimer = Loop.AddTimer(interval, static s => ((ServerShard)s!).CheckTimeouts(), this);
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            var services = string.Join(", ", _services.Select(s => $"{s.Name}({string.Join(", ", s.Methods.Select(m => m.Name))})"));
            SmfServerLog.ShardStarted(_logger, Id, endPoint, services, Options.MaxFrameSize, Options.MaxInFlightBytesPerShard, Options.Transport);
        }
    }

    public void Accept(Socket socket)
    {
        if (_draining)
        {
            socket.Dispose();
            return;
        }

        if (!_limiter.TryAcquire())
        {
            Counters.ConnectionsRejected++;
            SmfServerLog.ConnectionLimitReached(_logger, Id, SocketInfo.Remote(socket), _limiter.Max);
            socket.Dispose();
            return;
        }

        if (Options.Tls is not null)
        {
            BeginTlsHandshake(socket);
            return;
        }

        ServerConnection? connection = null;
        try
        {
            var transport = TransportFactory.Create(Options.Transport, socket, Loop);
            connection = new ServerConnection(this, transport);
            _connections.Add(connection);
            Counters.ActiveConnections++;
            Counters.ConnectionsAccepted++;
            SmfServerLog.ConnectionAccepted(_logger, Id, transport.RemoteEndPoint);
            connection.Start();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The peer may have gone between accept and registration.
            SmfServerLog.AcceptFailed(_logger, Id, e);
            if (connection is not null)
            {
                connection.Close(CloseReason.PeerReset, e);
            }
            else
            {
                _limiter.Release();
                socket.Dispose();
            }
        }
    }

    public bool TryGetMethod(uint requestId, out RpcMethodEntry? entry) => _routes.TryGetValue(requestId, out entry);

    public RpcCallContext RentContext() => _contexts.Count > 0 ? _contexts.Pop() : new RpcCallContext(this);

    public void ReturnContext(RpcCallContext context)
    {
        context.Reset();
        if (_contexts.Count < MaxPooledContexts)
        {
            _contexts.Push(context);
        }
    }

    public void BeginCall(RpcCallContext context)
    {
        Counters.Requests++;
        Counters.InFlightRequests++;
        ServerCallTelemetry.Begin(context, _metrics);
    }

    public void EndCall(RpcCallContext context)
    {
        Counters.InFlightRequests--;
        ServerCallTelemetry.End(context, _metrics);

        Budget.Release(context.ReservedBytes);
        ReturnContext(context);
    }

    /// <summary>Encodes a reply (checksum, outgoing filters) and queues it on <paramref name="connection"/>.</summary>
    public void WriteReply(ServerConnection connection, ushort session, in RpcReply reply)
    {
        var (payload, checksum) = reply.Payload.IsEmpty ? (EmptyTable, EmptyTableChecksum) : (reply.Payload, PayloadChecksum.Compute(reply.Payload.Span));
        var header = new RpcHeader(reply.Compression, 0, session, (uint)payload.Length, checksum, (uint)reply.Status);
        if (_outgoingFilters.Length > 0)
        {
            payload = FrameFilterChain.ApplyOutgoing(_outgoingFilters, ref header, payload, _outgoingFirst, _outgoingSecond);
        }

        connection.QueueReply(header, payload.Span);
    }

    public void OnConnectionClosed(ServerConnection connection, CloseReason reason)
    {
        if (_connections.Remove(connection))
        {
            Counters.ActiveConnections--;
            _limiter.Release();
        }

        SmfServerLog.ConnectionClosed(_logger, Id, connection.RemoteEndPoint, reason);
        if (_draining && _connections.Count == 0)
        {
            _drained.TrySetResult();
        }
    }

    public void OnHandlerFailed(RpcCallContext context, Exception exception)
    {
        Counters.HandlerErrors++;
        SmfServerLog.HandlerFailed(_logger, Id, context.ServiceName, context.Method.Name, context.Session, exception);
    }

    public void OnCancellationCallbackFailed(Exception exception) => SmfServerLog.UnhandledShardException(_logger, Id, exception);

    public void LogStatusException(RpcCallContext context, RpcException exception) =>
        SmfServerLog.StatusThrown(_logger, Id, context.ServiceName, context.Method.Name, RpcException.Describe(exception.Status), exception.Message);

    public void LogInvalidRequest(RpcCallContext context, Type requestType, string? reason) =>
        SmfServerLog.InvalidRequest(_logger, Id, context.RemoteEndPoint, context.ServiceName, context.Method.Name, context.Header.Size, requestType.Name, reason ?? "no reason given");

    public void LogBadFrame(ServerConnection connection, RpcFrameError error, RpcHeader header) =>
        SmfServerLog.BadFrame(_logger, Id, connection.RemoteEndPoint, error, header);

    public void LogUnknownRequestId(ServerConnection connection, uint requestId) =>
        SmfServerLog.UnknownRequestId(_logger, Id, connection.RemoteEndPoint, requestId);

    public void LogFrameLargerThanBudget(ServerConnection connection, uint size) =>
        SmfServerLog.FrameLargerThanBudget(_logger, Id, connection.RemoteEndPoint, size, Options.MaxInFlightBytesPerShard);

    public void LogUndecodablePayload(ServerConnection connection, string reason) =>
        SmfServerLog.UndecodablePayload(_logger, Id, connection.RemoteEndPoint, reason);

    public void LogReadPaused(ServerConnection connection, string reason) =>
        SmfServerLog.ReadPaused(_logger, Id, connection.RemoteEndPoint, reason);

    public void LogBudgetTimeout(ServerConnection connection) =>
        SmfServerLog.BudgetTimeout(_logger, Id, connection.RemoteEndPoint, Options.BudgetWaitTimeout);

    public void LogOutOfMemory(ServerConnection connection, uint frameSize) =>
        SmfServerLog.OutOfMemory(_logger, Id, connection.RemoteEndPoint, frameSize);

    public void LogBodyTimeout(ServerConnection connection) =>
        SmfServerLog.BodyTimeout(_logger, Id, connection.RemoteEndPoint, Options.BodyReceiveTimeout);

    public void LogIdleTimeout(ServerConnection connection) =>
        SmfServerLog.IdleTimeout(_logger, Id, connection.RemoteEndPoint, Options.IdleTimeout);

    /// <summary>Stops reading everywhere; each connection closes once its in-flight calls are answered and flushed.</summary>
    public void BeginDrain()
    {
        _draining = true;
        AbortTlsHandshakes();
        foreach (var connection in _connections.ToArray())
        {
            connection.Drain();
        }

        if (_connections.Count == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Closes every connection still open after the drain timeout.</summary>
    public void CloseAll()
    {
        if (_connections.Count > 0)
        {
            SmfServerLog.DrainTimedOut(_logger, Id, Counters.InFlightRequests);
        }

        foreach (var connection in _connections.ToArray())
        {
            connection.Close(CloseReason.ServerStopping, null);
        }

        _drained.TrySetResult();
    }

    public async Task DisposeServicesAsync()
    {
        _timeoutTimer?.Dispose();
        _oversizeTrimTimer.Dispose();
        foreach (var service in _services)
        {
            if (service is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(true);
            }
            else if (service is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }

        _services.Clear();
        _outgoingFirst.Dispose();
        _outgoingSecond.Dispose();
        SmfServerLog.ShardStopped(_logger, Id);
    }

    private long ToTicks(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? 0 : (long)(timeout.TotalSeconds * Loop.TimeProvider.TimestampFrequency);

    private static long TimeoutOrMax(TimeSpan timeout) => timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : timeout.Ticks;

    private void CheckTimeouts()
    {
        if (_connections.Count == 0)
        {
            return;
        }

        var now = Now();
        _scratch.AddRange(_connections);
        foreach (var connection in _scratch)
        {
            connection.CheckTimeouts(now, BodyTimeoutTicks, _idleTimeoutTicks);
        }

        _scratch.Clear();
    }
}
