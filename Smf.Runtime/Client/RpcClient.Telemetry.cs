using System.Diagnostics;
using System.Net;
using Smf.Client.Internal;
using Smf.Connections.Internal;
using Smf.Diagnostics;
using Smf.Diagnostics.Internal;
using Smf.Protocol;

namespace Smf.Client;

/// <summary>The telemetry of <see cref="RpcClient"/>: metrics, spans, the trace context and metadata sent in payload headers, the latency histogram.</summary>
public sealed partial class RpcClient
{
    private ClientTelemetry? _telemetry;
    private LatencyHistogram? _latency;

    /// <summary>
    /// Writes the client's call latency histogram (every call, answered or failed, from the call to its outcome) in
    /// HdrHistogram's <c>.hgrm</c> text format, values in microseconds: smf's <c>clients_latency.hgrm</c>.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="InvalidOperationException"><see cref="RpcClientOptions.RecordLatencyHistograms"/> is off.</exception>
    public void WriteLatencyHistogram(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var latency = Latency ?? throw new InvalidOperationException("The client keeps no latency histogram: set RpcClientOptions.RecordLatencyHistograms.");
        LatencyHistogram.Write(latency.Snapshot(), writer);
    }

    private ClientTelemetry Telemetry => _telemetry ??= ClientTelemetry.For(Options.MeterFactory);

    private LatencyHistogram? Latency => Options.RecordLatencyHistograms ? LazyInitializer.EnsureInitialized(ref _latency) : null;

    /// <summary>Times the call and starts its span when something listens; default (nothing to record) otherwise.</summary>
    private ClientCallTelemetry StartTelemetry(uint requestId, int requestSize)
    {
        var telemetry = Telemetry;
        var latency = Latency;
        var traced = Spans.Client.HasListeners();
        if (!traced && latency is null && !telemetry.Calls.Enabled)
        {
            return default;
        }

        var method = telemetry.ForRequest(requestId);
        Activity? activity = null;
        if (traced)
        {
            var previous = Activity.Current;
            activity = Spans.Client.StartActivity(method.SpanName, ActivityKind.Client);
            if (activity is not null)
            {
                if (activity.IsAllDataRequested)
                {
                    activity.SetTag(MethodTelemetry.SystemTag, SmfTelemetry.RpcSystem);
                    activity.SetTag(MethodTelemetry.ServiceTag, method.Service);
                    activity.SetTag(MethodTelemetry.MethodTag, method.Method);
                    if (EndPoint is IPEndPoint server)
                    {
                        activity.SetTag("server.address", server.Address.ToString());
                        activity.SetTag("server.port", server.Port);
                    }
                    else if (EndPoint is DnsEndPoint dns)
                    {
                        activity.SetTag("server.address", dns.Host);
                        activity.SetTag("server.port", dns.Port);
                    }
                }

                // The span ends when the reply arrives, not when this method returns: the caller's context keeps its own current activity.
                Activity.Current = previous;
            }
        }

        return new ClientCallTelemetry(telemetry, method, latency, activity, Stopwatch.GetTimestamp(), requestSize);
    }

    /// <summary>
    /// Writes the request as a frame with payload headers when this client sends them and there is something to send
    /// (the trace context of the call's span or of the caller's current activity, or the call's metadata).
    /// </summary>
    /// <returns>Whether the frame was written.</returns>
    /// <exception cref="InvalidOperationException">The call has metadata but <see cref="RpcClientOptions.SendPayloadHeaders"/> is off.</exception>
    private bool WritePayloadHeaders(PooledBufferWriter frame, in RpcHeader header, ReadOnlySpan<byte> wire, RpcMetadata? metadata, Activity? activity)
    {
        if (!Options.SendPayloadHeaders)
        {
            if (metadata is { Count: > 0 })
            {
                throw new InvalidOperationException(
                    "RpcCallOptions.Metadata travels in smf payload headers, which this client does not send: set RpcClientOptions.SendPayloadHeaders (only Smf.Runtime servers accept them).");
            }

            return false;
        }

        var context = activity ?? Activity.Current;
        var traceParent = TraceContext.TraceParentOf(context);
        if (traceParent is null && metadata is not { Count: > 0 })
        {
            return false;
        }

        PayloadHeadersCodec.WriteFrame(frame, header, wire, metadata, traceParent, traceParent is null ? null : context!.TraceStateString);
        return true;
    }
}
