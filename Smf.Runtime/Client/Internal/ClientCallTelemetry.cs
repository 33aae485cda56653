using System.Diagnostics;
using Smf.Diagnostics.Internal;

namespace Smf.Client.Internal;

/// <summary>
/// What one timed client call records when it ends: the <c>rpc.client.*</c> measurements with its method's
/// precomputed tags, the client's latency histogram, and its span. A default value records nothing.
/// </summary>
internal readonly struct ClientCallTelemetry(ClientTelemetry instruments, MethodTelemetry method, LatencyHistogram? latency, Activity? activity, long start, int requestSize)
{
    public Activity? Activity => activity;

    public void Completed(uint status, uint responseSize)
    {
        if (start == 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetTimestamp() - start;
        if (instruments.Calls.Enabled)
        {
            instruments.Calls.Record(elapsed, requestSize, responseSize, method.ForStatus(status));
        }

        latency?.Record(elapsed);
        if (activity is not null)
        {
            Spans.End(activity, status, errorFrom4xx: true);
        }
    }

    public void Failed(Exception error)
    {
        if (start == 0)
        {
            return;
        }

        var elapsed = Stopwatch.GetTimestamp() - start;
        if (instruments.Calls.Enabled)
        {
            instruments.Calls.Record(elapsed, requestSize, -1, method.ForError(error.GetType().FullName ?? error.GetType().Name));
        }

        latency?.Record(elapsed);
        if (activity is not null)
        {
            Spans.End(activity, error);
        }
    }
}
