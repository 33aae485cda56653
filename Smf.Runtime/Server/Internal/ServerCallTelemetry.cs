using System.Diagnostics;
using System.Net;
using Smf.Diagnostics.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The telemetry of one server call: timed only when an instrument has a listener or latency histograms are kept, and
/// given a span (kind server, parent from the request's <c>traceparent</c>) only when a listener samples it. With none
/// of these, a call costs two checks and allocates nothing. Shard-thread only.
/// </summary>
internal static class ServerCallTelemetry
{
    public static void Begin(RpcCallContext context, ServerMetrics metrics)
    {
        var traced = Spans.Server.HasListeners();
        if ((!traced && !metrics.RecordsLatency && !metrics.Calls.Enabled) || !metrics.Methods.TryGetValue(context.RequestId, out var method))
        {
            return;
        }

        context.Telemetry = method;

        context.StartTimestamp = Stopwatch.GetTimestamp();
        if (!traced)
        {
            return;
        }

        var parent = TraceContext.ParentOf(context.DecodeBuffers.Metadata);
        var activity = Spans.Server.CreateActivity(method.SpanName, ActivityKind.Server, parent);
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(MethodTelemetry.SystemTag, Diagnostics.SmfTelemetry.RpcSystem);
            activity.SetTag(MethodTelemetry.ServiceTag, method.Service);
            activity.SetTag(MethodTelemetry.MethodTag, method.Method);
            if (context.RemoteEndPoint is IPEndPoint peer)
            {
                activity.SetTag("network.peer.address", peer.Address.ToString());
                activity.SetTag("network.peer.port", peer.Port);
            }
        }

        // Current while the handler runs, so that calls it makes are children; RpcCallContext.Run restores the thread's.
        context.PreviousActivity = Activity.Current;
        context.Activity = activity.Start();
    }

    public static void End(RpcCallContext context, ServerMetrics metrics)
    {
        var start = context.StartTimestamp;
        if (start == 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetTimestamp() - start;
        var method = context.Telemetry!;
        var status = context.ReplyStatus;
        if (metrics.Calls.Enabled)
        {
            metrics.Calls.Record(elapsed, context.Header.Size, context.ReplySize, method.ForStatus(status));
        }

        method.Latency?.Record(elapsed);
        if (context.Activity is { } activity)
        {
            context.Activity = null;
            Spans.End(activity, status, errorFrom4xx: false);
        }
    }
}
