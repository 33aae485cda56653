using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Hosting.Internal;

/// <summary>
/// Runs the smf server for the host: on start, the shards, the sharded state, the services and the listener, all or
/// nothing; on stop, the drain within the host's shutdown timeout, the sharded state disposed on its shards, the
/// shards last.
/// </summary>
internal sealed class SmfServerHostedService(
    IServiceProvider services,
    SmfServer server,
    SmfServerRegistrations registrations,
    ShardedInstances instances,
    IOptions<SmfServerOptions> options,
    IOptions<HostOptions> hostOptions,
    ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger(SmfHostingLog.Category);
    private readonly TimeProvider _clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
    private readonly List<(Type Type, IAsyncDisposable Instance)> _started = [];
    private ShardGroup? _shards;
    private ShardHeartbeats? _heartbeats;
    private RpcServer? _rpcServer;
    private IDisposable? _metricsEndpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _shards = new ShardGroup(new ShardGroupOptions
        {
            Count = settings.Shards,
            PinToCpus = settings.PinToCpus,
            IdlePollDuration = settings.IdlePollDuration,
            TimeProvider = _clock,
            LoggerFactory = loggerFactory,
        });
        server.OnStarting(_shards);
        try
        {
            foreach (var registration in registrations.Sharded)
            {
                _started.Add((registration.Type, await registration.Start(_shards, services, cancellationToken).ConfigureAwait(false)));
            }

            _heartbeats = await ShardHeartbeats.StartAsync(_shards, _clock, settings.ShardStallTimeout, cancellationToken).ConfigureAwait(false);
            server.Heartbeats = _heartbeats;
            var rpcOptions = ToRpcServerOptions(settings, loggerFactory);
            rpcOptions.MeterFactory = services.GetService<IMeterFactory>();
            rpcOptions.RecordLatencyHistograms = settings.RecordLatencyHistograms || settings.LatencyHistogramDirectory is not null;
            SmfServerSecurity.Apply(rpcOptions, settings, registrations, services, _logger);
            _rpcServer = new RpcServer(_shards, rpcOptions);
            // The names come from shard 0's instances (RpcService.Name), in registration order.
            var names = new List<string>();
            foreach (var registration in registrations.Services)
            {
                var (type, create) = (registration.Type, registration.Create);
                _rpcServer.AddService(shard => NameOnShardZero(names, shard, ShardFactories.Create(create, services, shard, "the service", type)));
            }

            if (settings.EnableHealthService)
            {
                _rpcServer.AddService(shard => NameOnShardZero(names, shard, new SmfHealthService(server)));
            }

            await ListenAsync(_rpcServer, settings, cancellationToken).ConfigureAwait(false);
            if (settings.MetricsPort is { } metricsPort)
            {
                _metricsEndpoint = PrometheusEndpoint.Start(settings.Address, metricsPort);
                SmfHostingLog.MetricsEndpoint(_logger, PrometheusEndpoint.Url(settings.Address, metricsPort));
            }

            server.ServiceNames = names;
            server.OnServing(_rpcServer);
            SmfHostingLog.Listening(_logger, _rpcServer.LocalEndPoint, _shards.Count, string.Join(", ", names));
        }
        catch (Exception e)
        {
            SmfHostingLog.StartFailed(_logger, e);
            await ReleaseAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_rpcServer is null || server.State != SmfServerState.Serving)
        {
            return;
        }

        var settings = options.Value;
        var delay = settings.ShutdownDelay;
        var drainTimeout = hostOptions.Value.ShutdownTimeout - delay;
        drainTimeout = drainTimeout > TimeSpan.Zero ? drainTimeout : TimeSpan.Zero;
        server.OnDraining();
        SmfHostingLog.Draining(_logger, delay, drainTimeout);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The host's shutdown timeout is up: go straight to the drain, which then closes connections.
            }
        }

        await _rpcServer.StopAsync(drainTimeout, cancellationToken).ConfigureAwait(false);
        if (settings.LatencyHistogramDirectory is { } directory)
        {
            try
            {
                var files = _rpcServer.WriteLatencyHistograms(directory);
                SmfHostingLog.LatencyHistogramsWritten(_logger, files.Count, directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SmfHostingLog.LatencyHistogramsFailed(_logger, directory, e);
            }
        }

        await ReleaseAsync().ConfigureAwait(false);
        SmfHostingLog.Stopped(_logger);
    }

    private static RpcService NameOnShardZero(List<string> names, int shard, RpcService service)
    {
        if (shard == 0)
        {
            names.Add(service.Name);
        }

        return service;
    }

    private static RpcServerOptions ToRpcServerOptions(SmfServerOptions settings, ILoggerFactory loggerFactory)
    {
        SmfServerOptionsValidator.TryParseAddress(settings.Address, out var address);
        return new RpcServerOptions
        {
            Address = address,
            Port = settings.Port,
            Transport = settings.Transport,
            VerifyRequests = settings.VerifyRequests,
            MaxFrameSize = settings.MaxFrameSize,
            MaxInFlightBytesPerShard = settings.MaxInFlightBytesPerShard,
            MaxInFlightBytesPerConnection = settings.MaxInFlightBytesPerConnection,
            BudgetWaitTimeout = settings.BudgetWaitTimeout,
            ReceiveBufferSize = settings.ReceiveBufferSize,
            OutputPauseThreshold = settings.OutputPauseThreshold,
            BodyReceiveTimeout = settings.BodyReceiveTimeout,
            IdleTimeout = settings.IdleTimeout,
            HandlerTimeout = settings.HandlerTimeout,
            CrossShardReplyWait = settings.CrossShardReplyWait,
            MaxConnections = settings.MaxConnections,
            LoggerFactory = loggerFactory,
        };
    }

    private static async Task ListenAsync(RpcServer rpcServer, SmfServerOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            await rpcServer.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            var hint = e.SocketErrorCode == SocketError.AddressAlreadyInUse
                ? $"another process listens there: stop it or set {SmfServerOptions.SectionName}:Port to a free port (0 picks one)"
                : $"check {SmfServerOptions.SectionName}:Address and {SmfServerOptions.SectionName}:Port";
            throw new InvalidOperationException(
                $"The smf server cannot listen on {settings.Address}:{settings.Port} ({SmfServerOptions.SectionName}:Address '{settings.Address}', " +
                $"{SmfServerOptions.SectionName}:Port '{settings.Port}'): {e.Message}; {hint}.",
                e);
        }
    }

    /// <summary>Disposes what start created, newest first: the server, the heartbeats, the sharded state, the shards.</summary>
    private async Task ReleaseAsync()
    {
        _metricsEndpoint?.Dispose();
        _metricsEndpoint = null;
        if (_rpcServer is not null)
        {
            await _rpcServer.DisposeAsync().ConfigureAwait(false);
        }

        if (_heartbeats is not null)
        {
            await _heartbeats.DisposeAsync().ConfigureAwait(false);
        }

        for (var i = _started.Count - 1; i >= 0; i--)
        {
            try
            {
                await _started[i].Instance.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                SmfHostingLog.StateDisposeFailed(_logger, _started[i].Type.Name, e);
            }
        }

        _started.Clear();
        instances.Clear();
        if (_shards is not null)
        {
            await _shards.DisposeAsync().ConfigureAwait(false);
        }

        server.OnStopped();
        _rpcServer = null;
        _heartbeats = null;
        _shards = null;
    }
}
