using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smf.Client;
using Smf.Hosting.Internal;

namespace Smf.Hosting;

/// <summary>
/// The connections of the clients added with <c>AddSmfClient</c>: one <see cref="RpcClient"/> per client name, created
/// the first time it is asked for and shared by every typed client of that name; it connects on its first call. A
/// singleton of the host's services; the host disposes it, and with it every connection, when it is disposed.
/// </summary>
public sealed class SmfClientFactory : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<RpcClient>> _clients = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<SmfClientOptions> _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _clock;
    private readonly System.Diagnostics.Metrics.IMeterFactory? _meterFactory;
    private volatile bool _disposed;

    internal SmfClientFactory(IOptionsMonitor<SmfClientOptions> options, ILoggerFactory loggerFactory, TimeProvider clock, System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        _options = options;
        _loggerFactory = loggerFactory;
        _clock = clock;
        _meterFactory = meterFactory;
    }

    /// <summary>The connection of the client named <paramref name="name"/>, created on the first request.</summary>
    /// <param name="name">The client name given to <c>AddSmfClient</c> (its configuration section is <c>Smf:Clients:&lt;name&gt;</c>).</param>
    /// <returns>The shared connection; do not dispose it (the host does).</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The client's options are invalid; the message names the key.</exception>
    /// <exception cref="ObjectDisposedException">The host's services were disposed.</exception>
    public RpcClient GetClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _clients.GetOrAdd(name, n => new Lazy<RpcClient>(() => Create(n), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>Closes every connection; calls in flight fail with <see cref="RpcConnectionException"/>. Idempotent.</summary>
    /// <returns>Completes when every connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var (name, lazy) in _clients.Where(pair => pair.Value.IsValueCreated))
        {
            WriteLatencyHistogram(name, lazy.Value);
            await lazy.Value.DisposeAsync().ConfigureAwait(false);
        }

        _clients.Clear();
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

    private RpcClient Create(string name)
    {
        var settings = _options.Get(name);
        SmfClientAddress.TryParse(settings.Address, out var endPoint);
        var options = new RpcClientOptions
        {
            EndPoint = endPoint,
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
        return new RpcClient(options);
    }
}
