using System.Net;
using Microsoft.Extensions.Logging;

namespace Smf.Hosting.Internal;

/// <summary>The hosted server's log lines (category <c>Smf.Hosting.SmfServer</c>), with fixed event ids.</summary>
internal static partial class SmfHostingLog
{
    public const string Category = "Smf.Hosting.SmfServer";

    [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information, Message = "Smf server listening on {EndPoint} with {Shards} shards: {Services}")]
    public static partial void Listening(ILogger logger, IPEndPoint endPoint, int shards, string services);

    [LoggerMessage(EventId = 2, EventName = "Draining", Level = LogLevel.Information, Message = "Smf server draining: not serving new connections after {ShutdownDelay}, in-flight calls get up to {DrainTimeout}")]
    public static partial void Draining(ILogger logger, TimeSpan shutdownDelay, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 3, EventName = "Stopped", Level = LogLevel.Information, Message = "Smf server stopped; shard state and shards disposed")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4, EventName = "StartFailed", Level = LogLevel.Error, Message = "Smf server failed to start")]
    public static partial void StartFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5, EventName = "StateDisposeFailed", Level = LogLevel.Error, Message = "Disposing Sharded<{Type}> failed")]
    public static partial void StateDisposeFailed(ILogger logger, string type, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "MetricsEndpoint", Level = LogLevel.Information, Message = "Smf metrics served for Prometheus at {Url}")]
    public static partial void MetricsEndpoint(ILogger logger, string url);

    [LoggerMessage(EventId = 7, EventName = "LatencyHistogramsWritten", Level = LogLevel.Information, Message = "Smf latency histograms: {Count} .hgrm files written to {Directory}")]
    public static partial void LatencyHistogramsWritten(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 8, EventName = "LatencyHistogramsFailed", Level = LogLevel.Warning, Message = "Smf latency histograms could not be written to {Directory}")]
    public static partial void LatencyHistogramsFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(EventId = 9, EventName = "ServingTls", Level = LogLevel.Information, Message = "Smf server serves TLS with the certificate {CertificatePath}; client certificates: {ClientCertificateMode}")]
    public static partial void ServingTls(ILogger logger, string certificatePath, Smf.Security.RpcClientCertificateMode clientCertificateMode);
}
