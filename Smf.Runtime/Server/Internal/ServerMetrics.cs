using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Smf.Diagnostics;
using Smf.Diagnostics.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The server's instruments on the <c>Smf.Server</c> meter. Counters are observable and sum the per-shard counters,
/// so the request path only increments a field of its own shard; the <c>rpc.server.*</c> histograms of OpenTelemetry's
/// RPC conventions are recorded only while a listener is attached, with tag lists made once per method and status.
/// The meter comes from the <see cref="IMeterFactory"/> of the options when there is one (dependency injection).
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = SmfTelemetry.ServerMeterName;

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly bool _recordLatency;
    private readonly ConcurrentDictionary<uint, MethodTelemetry> _methods = new();

    public ServerMetrics(Func<IReadOnlyList<ShardCounters>> counters, IMeterFactory? meterFactory = null, bool recordLatency = false)
    {
        var options = new MeterOptions(MeterName) { Version = typeof(ServerMetrics).Assembly.GetName().Version?.ToString() };
        _meter = meterFactory?.Create(options) ?? new Meter(options);
        _ownsMeter = meterFactory is null;
        _recordLatency = recordLatency;
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
        _meter.CreateObservableCounter("smf.server.tls_handshake_failures", () => Sum(counters(), static c => c.TlsHandshakeFailures), "{connection}", "Connections closed because their TLS handshake failed or timed out.");
        _meter.CreateObservableCounter("smf.server.unauthorized", () => Sum(counters(), static c => c.Unauthorized), "{request}", "Requests answered 401 by an authorization policy, without running the handler.");
        _meter.CreateObservableCounter("smf.server.forbidden", () => Sum(counters(), static c => c.Forbidden), "{request}", "Requests answered 403 by an authorization policy, without running the handler.");
        _meter.CreateObservableUpDownCounter("smf.server.active_connections", () => Sum(counters(), static c => c.ActiveConnections), "{connection}", "Open client connections.");
        _meter.CreateObservableUpDownCounter("smf.server.inflight_requests", () => Sum(counters(), static c => c.InFlightRequests), "{request}", "Requests dispatched and not yet answered.");
        _meter.CreateObservableUpDownCounter("smf.server.inflight_bytes", () => Sum(counters(), static c => c.InFlightBytes), "By", "Request bytes held against the shards' in-flight budgets.");
        Calls = new CallInstruments(_meter, "server");
    }

    public Meter Meter => _meter;

    /// <summary><c>rpc.server.call.duration</c>, <c>rpc.server.request.size</c>, <c>rpc.server.response.size</c>.</summary>
    public CallInstruments Calls { get; }

    /// <summary>Whether each method keeps a latency histogram.</summary>
    public bool RecordsLatency => _recordLatency;

    /// <summary>The methods served, by request id (one entry for all shards).</summary>
    public IReadOnlyDictionary<uint, MethodTelemetry> Methods => _methods;

    /// <summary>The telemetry of a method, made when the first shard registers it; its names are registered for clients too.</summary>
    public MethodTelemetry ForMethod(uint requestId, string service, string method)
    {
        RpcMethodNames.Register(requestId, service, method);
        return _methods.GetOrAdd(requestId, static (_, s) => new MethodTelemetry(s.service, s.method, s.record), (service, method, record: _recordLatency));
    }

    public void Dispose()
    {
        // A meter from an IMeterFactory belongs to the factory, which disposes it.
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

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
