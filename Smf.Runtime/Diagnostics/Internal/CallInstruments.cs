using System.Diagnostics.Metrics;

namespace Smf.Diagnostics.Internal;

/// <summary>
/// The three instruments of OpenTelemetry's RPC conventions for one side (<c>rpc.server.*</c> or <c>rpc.client.*</c>):
/// call duration in seconds, request and response sizes in bytes (uncompressed).
/// </summary>
internal sealed class CallInstruments
{
    // Buckets for calls from microseconds to seconds: the default histogram buckets are meant for milliseconds.
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly InstrumentAdvice<long> SizeAdvice = new()
    {
        HistogramBucketBoundaries = [16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216],
    };

    public CallInstruments(Meter meter, string side)
    {
        Duration = meter.CreateHistogram($"rpc.{side}.call.duration", "s", $"Duration of calls measured by the {side}.", tags: null, advice: DurationAdvice);
        RequestSize = meter.CreateHistogram($"rpc.{side}.request.size", "By", "Size of request payloads (uncompressed).", tags: null, advice: SizeAdvice);
        ResponseSize = meter.CreateHistogram($"rpc.{side}.response.size", "By", "Size of response payloads (uncompressed).", tags: null, advice: SizeAdvice);
    }

    public Histogram<double> Duration { get; }

    public Histogram<long> RequestSize { get; }

    public Histogram<long> ResponseSize { get; }

    /// <summary>Whether any of them has a listener, i.e. whether a call must be timed and measured.</summary>
    public bool Enabled => Duration.Enabled || RequestSize.Enabled || ResponseSize.Enabled;

    /// <summary>Records one call with tags made beforehand (no allocation).</summary>
    public void Record(long elapsedTicks, long requestSize, long responseSize, KeyValuePair<string, object?>[] tags)
    {
        ReadOnlySpan<KeyValuePair<string, object?>> span = tags;
        if (Duration.Enabled)
        {
            Duration.Record((double)elapsedTicks / System.Diagnostics.Stopwatch.Frequency, span);
        }

        if (RequestSize.Enabled)
        {
            RequestSize.Record(requestSize, span);
        }

        if (responseSize >= 0 && ResponseSize.Enabled)
        {
            ResponseSize.Record(responseSize, span);
        }
    }
}
