using System.Diagnostics;
using System.Net.Sockets;
using Google.FlatBuffers;
using Microsoft.Extensions.Logging;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Sharding.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The server's state on one shard: its service instances and routes, its connections, its in-flight byte budget,
/// pooled call contexts and receive buffers, the reply builder and its counters. Shard-thread only.
/// </summary>
internal sealed class ServerShard
{
    private const int MaxPooledContexts = 1024;

    private readonly Dictionary<uint, RpcMethodHandler> _routes = [];
    private readonly List<RpcConnection> _scratch = [];
    private readonly List<RpcService> _services = [];
    private readonly HashSet<RpcConnection> _connections = [];
    private readonly List<RpcConnection> _dirty = [];
    private readonly Queue<RpcConnection> _budgetWaiters = new();
    private readonly Stack<RpcCallContext> _contexts = new();
    private readonly ConnectionLimiter _limiter;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly long _idleTimeoutTicks;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _budgetAvailable;
    private bool _budgetReleased;
    private bool _draining;

    public ServerShard(ShardLoop loop, RpcServerOptions options, ConnectionLimiter limiter, ServerMetrics metrics, ShardCounters counters, ILogger logger)
    {
        Loop = loop;
        Options = options;
        Counters = counters;
        _limiter = limiter;
        _metrics = metrics;
        _logger = logger;
        _budgetAvailable = options.MaxInFlightBytesPerShard;
        IncomingFilters = [.. options.IncomingFilters];
        OutgoingFilters = [.. options.OutgoingFilters];
        BodyTimeoutTicks = ToTicks(options.BodyReceiveTimeout);
        _idleTimeoutTicks = ToTicks(options.IdleTimeout);
    }

    public ShardLoop Loop { get; }

    public int Id => Loop.Id;

    public RpcServerOptions Options { get; }

    public ShardCounters Counters { get; }

    public IIncomingFrameFilter[] IncomingFilters { get; }

    public IOutgoingFrameFilter[] OutgoingFilters { get; }

    public PooledBufferWriter OutgoingFirst { get; } = new();

    public PooledBufferWriter OutgoingSecond { get; } = new();

    public FlatBufferBuilder ReplyBuilder { get; } = new(1024);

    public Stack<RecvBuffer> ReceiveBufferPool { get; } = new();

    public long BodyTimeoutTicks { get; }

    public Task Drained => _drained.Task;

    /// <summary>Creates this shard's service instances and routes; runs on the shard thread.</summary>
    public void Initialize(IReadOnlyList<Func<int, RpcService>> factories, System.Net.EndPoint endPoint)
    {
        foreach (var factory in factories)
        {
            var service = factory(Id) ?? throw new InvalidOperationException($"A service factory returned null on shard {Id}.");
            _services.Add(service);
            var serviceId = service.ServiceId;
            foreach (var method in service.Methods)
            {
                var requestId = RequestId.Combine(serviceId, method.MethodId);
                if (!_routes.TryAdd(requestId, method.Handler))
                {
                    throw new InvalidOperationException(
                        $"Two methods route to request id {requestId}: '{service.Name}.{method.Name}' collides with a method registered earlier; rename one.");
                }
            }
        }

        if (Loop.PinError != 0)
        {
            SmfServerLog.PinFailed(_logger, Id, Loop.Cpu ?? -1, Loop.PinError);
        }

        Loop.AddIterationHook(OnIterationEnd);
        var shortest = Math.Min(TimeoutOrMax(Options.BodyReceiveTimeout), TimeoutOrMax(Options.IdleTimeout));
        if (shortest < long.MaxValue)
        {
            Loop.AddTimer(TimeSpan.FromTicks(Math.Clamp(shortest / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond)), CheckTimeouts);
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
            SmfServerLog.ConnectionLimitReached(_logger, Id, SafeRemote(socket), _limiter.Max);
            socket.Dispose();
            return;
        }

        RpcConnection? connection = null;
        try
        {
            IConnectionTransport transport = Options.Transport == RpcTransport.Epoll
                ? new EpollConnectionTransport(socket, (EpollPoller)Loop.Poller)
                : new SocketConnectionTransport(socket, Loop);
            connection = new RpcConnection(this, transport);
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
                connection.Close(CloseReason.PeerReset);
            }
            else
            {
                _limiter.Release();
                socket.Dispose();
            }
        }
    }

    public bool TryGetHandler(uint requestId, out RpcMethodHandler? handler) => _routes.TryGetValue(requestId, out handler);

    public bool TryReserveBudget(RpcConnection connection, uint size)
    {
        if (_budgetWaiters.Count == 0 && _budgetAvailable >= size)
        {
            _budgetAvailable -= size;
            Counters.InFlightBytes += size;
            return true;
        }

        _budgetWaiters.Enqueue(connection);
        return false;
    }

    public void ReleaseBudget(uint size)
    {
        _budgetAvailable += size;
        Counters.InFlightBytes -= size;
        _budgetReleased = true;
    }

    /// <summary>Forgets a closed connection that waited for budget (it is skipped when it reaches the queue head).</summary>
    public void RemoveBudgetWaiter(RpcConnection connection) => _budgetReleased = true;

    public RpcCallContext RentContext() => _contexts.Count > 0 ? _contexts.Pop() : new RpcCallContext(this);

    public void BeginCall(RpcCallContext context)
    {
        Counters.Requests++;
        Counters.InFlightRequests++;
        if (_metrics.HandlerDuration.Enabled)
        {
            context.StartTimestamp = Stopwatch.GetTimestamp();
        }
    }

    public void EndCall(RpcCallContext context)
    {
        Counters.InFlightRequests--;
        if (context.StartTimestamp != 0)
        {
            _metrics.HandlerDuration.Record(Stopwatch.GetElapsedTime(context.StartTimestamp).TotalSeconds);
        }

        AbortCall(context);
    }

    public void AbortCall(RpcCallContext context)
    {
        ReleaseBudget(context.ReservedBytes);
        context.Reset();
        if (_contexts.Count < MaxPooledContexts)
        {
            _contexts.Push(context);
        }
    }

    public void MarkDirty(RpcConnection connection) => _dirty.Add(connection);

    public void OnConnectionClosed(RpcConnection connection, CloseReason reason)
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
        SmfServerLog.HandlerFailed(_logger, Id, context.RequestId, context.Session, exception);
    }

    public void OnCancellationCallbackFailed(Exception exception) => SmfServerLog.UnhandledShardException(_logger, Id, exception);

    public void LogBadFrame(RpcConnection connection, RpcFrameError error, RpcHeader header) =>
        SmfServerLog.BadFrame(_logger, Id, connection.RemoteEndPoint, error, header);

    public void LogUnknownRequestId(RpcConnection connection, uint requestId) =>
        SmfServerLog.UnknownRequestId(_logger, Id, connection.RemoteEndPoint, requestId);

    public void LogFrameLargerThanBudget(RpcConnection connection, uint size) =>
        SmfServerLog.FrameLargerThanBudget(_logger, Id, connection.RemoteEndPoint, size, Options.MaxInFlightBytesPerShard);

    public void LogUndecodablePayload(RpcConnection connection, string reason) =>
        SmfServerLog.UndecodablePayload(_logger, Id, connection.RemoteEndPoint, reason);

    public void LogReadPaused(RpcConnection connection, string reason) =>
        SmfServerLog.ReadPaused(_logger, Id, connection.RemoteEndPoint, reason);

    public void LogBodyTimeout(RpcConnection connection) =>
        SmfServerLog.BodyTimeout(_logger, Id, connection.RemoteEndPoint, Options.BodyReceiveTimeout);

    public void LogIdleTimeout(RpcConnection connection) =>
        SmfServerLog.IdleTimeout(_logger, Id, connection.RemoteEndPoint, Options.IdleTimeout);

    /// <summary>Stops reading everywhere; each connection closes once its in-flight calls are answered and flushed.</summary>
    public void BeginDrain()
    {
        _draining = true;
        foreach (var connection in _connections.ToArray())
        {
            connection.BeginDrain();
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
            connection.Close(CloseReason.ServerStopping);
        }

        _drained.TrySetResult();
    }

    public async Task DisposeServicesAsync()
    {
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
        OutgoingFirst.Dispose();
        OutgoingSecond.Dispose();
        SmfServerLog.ShardStopped(_logger, Id);
    }

    private static long ToTicks(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? 0 : (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    private static long TimeoutOrMax(TimeSpan timeout) => timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : timeout.Ticks;

    private static System.Net.EndPoint? SafeRemote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private void OnIterationEnd()
    {
        if (_budgetReleased)
        {
            _budgetReleased = false;
            ResumeBudgetWaiters();
        }

        for (var i = 0; i < _dirty.Count; i++)
        {
            _dirty[i].Flush();
        }

        _dirty.Clear();
    }

    private void ResumeBudgetWaiters()
    {
        while (_budgetWaiters.Count > 0)
        {
            var connection = _budgetWaiters.Peek();
            if (connection.IsClosed)
            {
                _budgetWaiters.Dequeue();
                continue;
            }

            var size = connection.PendingFrameSize;
            if (_budgetAvailable < size)
            {
                return;
            }

            _budgetWaiters.Dequeue();
            _budgetAvailable -= size;
            Counters.InFlightBytes += size;
            connection.ResumeWithBudget();
        }
    }

    private void CheckTimeouts()
    {
        if (_connections.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        _scratch.AddRange(_connections);
        foreach (var connection in _scratch)
        {
            connection.CheckTimeouts(now, BodyTimeoutTicks, _idleTimeoutTicks);
        }

        _scratch.Clear();
    }
}
