using System.Diagnostics.Metrics;

namespace Smf.Server.Internal;

/// <summary>
/// The server's instruments on the <c>Smf.Server</c> meter. Counters are observable and sum the per-shard counters,
/// so the request path only increments a field of its own shard; the latency histogram is recorded only while a
/// listener is attached.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "Smf.Server";

    private readonly Meter _meter;

    public ServerMetrics(Func<IReadOnlyList<ShardCounters>> counters)
    {
        _meter = new Meter(MeterName, typeof(ServerMetrics).Assembly.GetName().Version?.ToString());
        _meter.CreateObservableCounter("smf.server.requests", () => Sum(counters(), static c => c.Requests), "{request}", "Requests dispatched to a handler.");
        _meter.CreateObservableCounter("smf.server.bytes_received", () => Sum(counters(), static c => c.BytesReceived), "By", "Bytes read from client sockets.");
        _meter.CreateObservableCounter("smf.server.bytes_sent", () => Sum(counters(), static c => c.BytesSent), "By", "Bytes written to client sockets.");
        _meter.CreateObservableCounter("smf.server.bad_requests", () => Sum(counters(), static c => c.BadRequests), "{request}", "Connections closed for malformed, oversized, undecodable or timed-out frames.");
        _meter.CreateObservableCounter("smf.server.invalid_requests", () => Sum(counters(), static c => c.InvalidRequests), "{request}", "Requests answered 400 because their payload failed verification.");
        _meter.CreateObservableCounter("smf.server.no_route", () => Sum(counters(), static c => c.NoRoute), "{request}", "Connections closed for an unknown request id.");
        _meter.CreateObservableCounter("smf.server.handler_errors", () => Sum(counters(), static c => c.HandlerErrors), "{request}", "Handlers that threw and were answered 500.");
        _meter.CreateObservableCounter("smf.server.connections_rejected", () => Sum(counters(), static c => c.ConnectionsRejected), "{connection}", "Connections refused over the connection limit.");
        _meter.CreateObservableCounter("smf.server.connections_accepted", () => Sum(counters(), static c => c.ConnectionsAccepted), "{connection}", "Connections accepted and handed to a shard.");
        _meter.CreateObservableCounter("smf.server.timeouts", () => Sum(counters(), static c => c.Timeouts), "{connection}", "Connections closed by the body receive or idle timeout.");
        _meter.CreateObservableUpDownCounter("smf.server.active_connections", () => Sum(counters(), static c => c.ActiveConnections), "{connection}", "Open client connections.");
        _meter.CreateObservableUpDownCounter("smf.server.inflight_requests", () => Sum(counters(), static c => c.InFlightRequests), "{request}", "Requests dispatched and not yet answered.");
        _meter.CreateObservableUpDownCounter("smf.server.inflight_bytes", () => Sum(counters(), static c => c.InFlightBytes), "By", "Request bytes held against the shards' in-flight budgets.");
        HandlerDuration = _meter.CreateHistogram<double>("smf.server.handler.duration", "s", "Time from dispatch to reply, per request.");
    }

    public Meter Meter => _meter;

    public Histogram<double> HandlerDuration { get; }

    public void Dispose() => _meter.Dispose();

    private static long Sum(IReadOnlyList<ShardCounters> counters, Func<ShardCounters, long> field)
    {
        long total = 0;
        foreach (var shard in counters)
        {
            total += field(shard);
        }

        return total;
    }
}
