using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;
using Smf.Balancing;
using Smf.Client;
using Smf.Hosting.Internal;

namespace Smf.Hosting;

/// <summary>
/// The connections of the clients added with <c>AddSmfClient</c>: one <see cref="IRpcCallInvoker"/> per client name,
/// created the first time it is asked for and shared by every typed client of that name. It is an
/// <see cref="RpcClient"/> (one connection, made by its first call) for an <see cref="SmfClientOptions.Address"/>, and
/// an <see cref="RpcChannel"/> (one connection per endpoint) for <see cref="SmfClientOptions.Endpoints"/> or an
/// <c>smf://</c> address, whose endpoints come from the host's <see cref="ServiceEndpointResolver"/>. A singleton
/// of the host's services; the host disposes it, and with it every connection, when it is disposed.
/// </summary>
public sealed class SmfClientFactory : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<IRpcCallInvoker>> _invokers = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<SmfClientOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _clock;
    private readonly System.Diagnostics.Metrics.IMeterFactory? _meterFactory;
    private volatile bool _disposed;

    internal SmfClientFactory(IServiceProvider services, IOptionsMonitor<SmfClientOptions> options, ILoggerFactory loggerFactory, TimeProvider clock, System.Diagnostics.Metrics.IMeterFactory? meterFactory)
    {
        _services = services;
        _options = options;
        _loggerFactory = loggerFactory;
        _clock = clock;
        _meterFactory = meterFactory;
    }

    /// <summary>What the typed clients named <paramref name="name"/> call through, created on the first request.</summary>
    /// <param name="name">The client name given to <c>AddSmfClient</c> (its configuration section is <c>Smf:Clients:&lt;name&gt;</c>).</param>
    /// <returns>
    /// The shared <see cref="RpcClient"/> (a <c>host:port</c> or <c>unix:</c> <see cref="SmfClientOptions.Address"/>)
    /// or <see cref="RpcChannel"/> (<see cref="SmfClientOptions.Endpoints"/>, or an <c>smf://</c> address); do not
    /// dispose it (the host does).
    /// </returns>
    /// <exception cref="OptionsValidationException">The client's options are invalid; the message names the key.</exception>
    /// <exception cref="ObjectDisposedException">The host's services were disposed.</exception>
    public IRpcCallInvoker GetCallInvoker(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _invokers.GetOrAdd(name, n => new Lazy<IRpcCallInvoker>(() => Create(n), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>Closes every connection; calls in flight fail with <see cref="RpcConnectionException"/>. Idempotent.</summary>
    /// <returns>Completes when every connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var (name, lazy) in _invokers.Where(pair => pair.Value.IsValueCreated))
        {
            switch (lazy.Value)
            {
                case RpcClient client:
                    WriteLatencyHistogram(name, client);
                    await client.DisposeAsync().ConfigureAwait(false);
                    break;
                case RpcChannel channel:
                    await channel.DisposeAsync().ConfigureAwait(false);
                    break;
            }
        }

        _invokers.Clear();
    }

    /// <summary>Closes every connection, waiting for them; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void WriteLatencyHistogram(string name, RpcClient client)
    {
        if (_options.Get(name).LatencyHistogramPath is not { } path)
        {
            return;
        }

        var logger = _loggerFactory.CreateLogger<SmfClientFactory>();
        try
        {
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var writer = new StreamWriter(full);
            client.WriteLatencyHistogram(writer);
            SmfHostingLog.LatencyHistogramsWritten(logger, 1, full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            SmfHostingLog.LatencyHistogramsFailed(logger, path, e);
        }
    }

    private IRpcCallInvoker Create(string name)
    {
        var settings = _options.Get(name);
        var client = ClientOptions(settings);
        if (!settings.UsesChannel)
        {
            SmfClientAddress.TryParse(settings.Address, out var endPoint);
            client.EndPoint = endPoint;
            return new RpcClient(client);
        }

        var channel = new RpcChannelOptions
        {
            Resolver = Resolver(settings),
            Client = client,
            Picker = settings.Picker,
            RefreshPeriod = settings.RefreshPeriod,
            MaxAttempts = settings.MaxAttempts,
        };
        if (settings.ReconnectDelays.Count > 0)
        {
            channel.ReconnectPolicy = new RpcReconnectPolicy { Delays = [.. settings.ReconnectDelays], MaxJitter = settings.ReconnectJitter };
        }

        return new RpcChannel(channel);
    }

    /// <summary>The endpoints of a channel: the configured list, or what the host's service discovery resolves.</summary>
    private RpcResolver Resolver(SmfClientOptions settings)
    {
        if (settings.Endpoints.Count == 0)
        {
            return new ServiceDiscoveryResolver(
                _services.GetRequiredService<ServiceEndpointResolver>(), settings.Address!, _services.GetService<SmfDnsServiceEndpointProviderFactory>());
        }

        var endPoints = new List<EndPoint>(settings.Endpoints.Count);
        foreach (var text in settings.Endpoints)
        {
            SmfClientAddress.TryParse(text, out var endPoint);
            endPoints.Add(endPoint);
        }

        return RpcResolver.Static(endPoints);
    }

    /// <summary>The settings of one connection, with the interceptors created from the host's services; a channel gives each endpoint's client a copy with its endpoint.</summary>
    private RpcClientOptions ClientOptions(SmfClientOptions settings)
    {
        var options = new RpcClientOptions
        {
            Transport = settings.Transport,
            MaxCallsInFlight = settings.MaxCallsInFlight,
            CallTimeout = settings.CallTimeout,
            ConnectTimeout = settings.ConnectTimeout,
            MaxReplyPayloadSize = settings.MaxReplyPayloadSize,
            ReceiveBufferSize = settings.ReceiveBufferSize,
            OutputPauseThreshold = settings.OutputPauseThreshold,
            ReconnectPolicy = !settings.Reconnect ? null
                : settings.ReconnectDelays.Count == 0 ? new RpcReconnectPolicy { MaxJitter = settings.ReconnectJitter }
                : new RpcReconnectPolicy { Delays = [.. settings.ReconnectDelays], MaxJitter = settings.ReconnectJitter },
            TimeProvider = _clock,
            LoggerFactory = _loggerFactory,
            MeterFactory = _meterFactory,
            SendPayloadHeaders = settings.SendPayloadHeaders,
            RecordLatencyHistograms = settings.LatencyHistogramPath is not null,
            Tls = settings.Tls?.ToRpcClientTlsOptions(),
        };
        foreach (var factory in settings.InterceptorFactories)
        {
            options.Interceptors.Add(factory(_services));
        }

        return options;
    }
}
