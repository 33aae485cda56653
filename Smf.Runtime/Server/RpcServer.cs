using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smf.Server.Internal;
using Smf.Sharding;
using Smf.Sharding.Internal;

namespace Smf.Server;

/// <summary>
/// An smf RPC server on a <see cref="ShardGroup"/>: each shard's event loop owns the connections handed to it, and a
/// request runs on its connection's shard, routed by request id to that shard's own instance of the service. Accepted
/// connections are handed to the shards round-robin. The counterpart of <c>seastar::sharded&lt;smf::rpc_server&gt;</c>.
/// </summary>
/// <remarks>
/// Lifecycle: create the <see cref="ShardGroup"/>, construct the server on it, <see cref="AddService(Func{int, RpcService})"/>,
/// optionally create <see cref="Sharded{T}"/> state on the same group, <see cref="StartAsync"/>, …,
/// <see cref="StopAsync(CancellationToken)"/>, dispose your <see cref="Sharded{T}"/> state and the server, then the
/// group. The server never starts or stops threads itself. Metrics are published on the <c>Smf.Server</c> meter and
/// spans on the <c>Smf.Server</c> activity source (docs/observability.md).
/// </remarks>
public sealed partial class RpcServer : IAsyncDisposable
{
    private readonly RpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly List<Func<int, RpcService>> _factories = [];
    private readonly ShardCounters[] _counters;
    private readonly ServerShard?[] _shards;
    private readonly ServerMetrics _metrics;
    private readonly ConnectionLimiter _limiter;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly object _gate = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private IPEndPoint? _localEndPoint;
    private Task? _stopTask;
    private int _state;
    private int _nextShard;

    /// <summary>Creates a server on <paramref name="shards"/> (it does not listen until <see cref="StartAsync"/>).</summary>
    /// <param name="shards">The shards to serve on; the caller owns them and disposes them after the server.</param>
    /// <param name="options">The settings, copied and validated now; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shards"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    /// <exception cref="PlatformNotSupportedException">The epoll transport was requested off Linux.</exception>
    public RpcServer(ShardGroup shards, RpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        _options = (options ?? new RpcServerOptions()).Clone();
        Shards = shards;
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Smf.Server.RpcServer");
        _counters = new ShardCounters[shards.Count];
        for (var i = 0; i < _counters.Length; i++)
        {
            _counters[i] = new ShardCounters();
        }

        _shards = new ServerShard?[shards.Count];
        _metrics = new ServerMetrics(() => _counters, _options.MeterFactory, _options.RecordLatencyHistograms);
        _limiter = new ConnectionLimiter(_options.MaxConnections);
    }

    /// <summary>The shards the server runs on.</summary>
    public ShardGroup Shards { get; }

    /// <summary>The bound address and port (the real port when <see cref="RpcServerOptions.Port"/> is 0).</summary>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    public IPEndPoint LocalEndPoint => _localEndPoint ?? throw new InvalidOperationException("The server has no local endpoint until StartAsync completes.");

    /// <summary>The request bytes one shard may hold in flight (<see cref="RpcServerOptions.MaxInFlightBytesPerShard"/>).</summary>
    public long MaxInFlightBytesPerShard => _options.MaxInFlightBytesPerShard;

    internal IReadOnlyList<ShardCounters> Counters => _counters;

    /// <summary>
    /// The request bytes <paramref name="shard"/> holds in flight right now (received, not yet answered), out of
    /// <see cref="MaxInFlightBytesPerShard"/>; a connection whose next frame does not fit waits. Read from any thread
    /// without locking, so the value may be a moment old; 0 before the server starts. Health checks read it.
    /// </summary>
    /// <param name="shard">The shard id, 0 to <c>Shards.Count - 1</c>.</param>
    /// <returns>The bytes held against the shard's budget.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    public long GetInFlightBytes(int shard)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, _counters.Length);
        return Volatile.Read(ref _counters[shard].InFlightBytes);
    }

    internal ServerMetrics Metrics => _metrics;

    /// <summary>
    /// Registers a service: when the server starts, <paramref name="factory"/> is called once per shard, on that shard's
    /// thread, with the shard id, and the instance serves the requests of that shard's connections.
    /// </summary>
    /// <param name="factory">Creates the shard's instance; capture shared <see cref="Sharded{T}"/> state here.</param>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public void AddService(Func<int, RpcService> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            if (_state != 0)
            {
                throw new InvalidOperationException("Services must be added before StartAsync.");
            }

            _factories.Add(factory);
        }
    }

    /// <summary>Registers a service with a parameterless constructor: one instance per shard.</summary>
    /// <typeparam name="TService">The service class.</typeparam>
    /// <exception cref="InvalidOperationException">The server has already started.</exception>
    public void AddService<TService>()
        where TService : RpcService, new() => AddService(static _ => new TService());

    /// <summary>
    /// Creates every shard's services and routes, binds, listens and starts accepting. All or nothing: on failure the
    /// server is left stopped.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the shards.</param>
    /// <returns>Completes when the server accepts connections.</returns>
    /// <exception cref="InvalidOperationException">The server was already started, or two methods share a request id.</exception>
    /// <exception cref="SocketException">The address cannot be bound.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Func<int, RpcService>[] factories;
        lock (_gate)
        {
            if (_state != 0)
            {
                throw new InvalidOperationException("The server was already started; create a new RpcServer instead.");
            }

            _state = 1;
            factories = [.. _factories];
        }

        var listener = new Socket(_options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(_options.Address, _options.Port));
            listener.Listen(1024);
            var endPoint = (IPEndPoint)listener.LocalEndPoint!;
            var initializations = new Task[_shards.Length];
            for (var i = 0; i < _shards.Length; i++)
            {
                var shardId = i;
                var loop = Shards[shardId];
                initializations[i] = loop.InvokeAsync(() =>
                {
                    var shard = new ServerShard(loop, _options, _limiter, _metrics, _counters[shardId], _logger);
                    _shards[shardId] = shard;
                    shard.Initialize(factories, endPoint);
                });
            }

            await Task.WhenAll(initializations).WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _localEndPoint = endPoint;
                if (_state != 1)
                {
                    // StopAsync ran while the shards were initializing: never start accepting.
                    listener.Dispose();
                    return;
                }

                _listener = listener;
                _acceptLoop = AcceptLoopAsync(listener, _stopAccepting.Token);
            }
        }
        catch (Exception startError)
        {
            listener.Dispose();
            lock (_gate)
            {
                _state = 3;
                _stopTask = Task.CompletedTask;
            }

            // All or nothing: the services already created on some shards are disposed there.
            try
            {
                await DisposeServicesAsync(_shards.Where(s => s is not null).Select(s => s!)).ConfigureAwait(false);
            }
            catch (Exception disposeError)
            {
                throw new AggregateException(startError, disposeError);
            }

            throw;
        }
    }

    /// <summary>Stops gracefully with <see cref="RpcServerOptions.DrainTimeout"/>; see <see cref="StopAsync(TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="cancellationToken">Stops waiting for the drain early (connections are then closed).</param>
    /// <returns>Completes when every connection is closed.</returns>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopAsync(_options.DrainTimeout, cancellationToken);

    /// <summary>
    /// Stops gracefully: stops accepting, stops reading requests, lets in-flight handlers finish and their replies
    /// flush for up to <paramref name="drainTimeout"/>, then closes every connection (cancelling the handlers still
    /// running) and disposes the services on their shards. Idempotent; the shard threads keep running.
    /// </summary>
    /// <param name="drainTimeout">How long to wait for in-flight handlers.</param>
    /// <param name="cancellationToken">Stops waiting for the drain early (connections are then closed).</param>
    /// <returns>Completes when every connection is closed.</returns>
    public Task StopAsync(TimeSpan drainTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(drainTimeout, TimeSpan.Zero);
        lock (_gate)
        {
            if (_stopTask is null)
            {
                if (_state == 1)
                {
                    _state = 2;
                    _stopTask = StopCoreAsync(drainTimeout, cancellationToken);
                }
                else
                {
                    _state = 3;
                    _stopTask = Task.CompletedTask;
                }
            }

            return _stopTask;
        }
    }

    /// <summary>Stops the server if it runs (with <see cref="RpcServerOptions.DrainTimeout"/>); the shards keep running.</summary>
    /// <returns>Completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _metrics.Dispose();
        _stopAccepting.Dispose();
    }

    private async Task StopCoreAsync(TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        await _stopAccepting.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        var shards = _shards.Where(s => s is not null).Select(s => s!).ToArray();
        await Task.WhenAll(shards.Select(s => s.Loop.InvokeAsync(s.BeginDrain))).ConfigureAwait(false);
        var drained = Task.WhenAll(shards.Select(s => s.Drained));
        try
        {
            await drained.WaitAsync(drainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            await Task.WhenAll(shards.Select(s => s.Loop.InvokeAsync(s.CloseAll))).ConfigureAwait(false);
        }

        await DisposeServicesAsync(shards).ConfigureAwait(false);
    }

    private static async Task DisposeServicesAsync(IEnumerable<ServerShard> shards)
    {
        var disposals = shards.Select(s =>
        {
            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            s.Loop.Post(
                async _ =>
                {
                    try
                    {
                        await s.DisposeServicesAsync().ConfigureAwait(true);
                        completion.SetResult();
                    }
                    catch (Exception e)
                    {
                        completion.SetException(e);
                    }
                },
                null);
            return completion.Task;
        });
        await Task.WhenAll(disposals).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                SmfServerLog.AcceptFailed(_logger, _nextShard % _shards.Length, e);
                continue;
            }

            try
            {
                socket.NoDelay = true;
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            }
            catch (SocketException)
            {
                socket.Dispose();
                continue;
            }

            var shard = _shards[_nextShard];
            _nextShard = (_nextShard + 1) % _shards.Length;
            shard!.Loop.Post(static s => ((ValueTuple<ServerShard, Socket>)s!).Item1.Accept(((ValueTuple<ServerShard, Socket>)s!).Item2), (shard, socket));
        }
    }
}
