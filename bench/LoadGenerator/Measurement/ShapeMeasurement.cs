using HdrHistogram;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>
/// What one driver measured for one shape: the latency histogram, the call count in the window and the counters around it.
/// <see cref="Unanswered"/>: open-loop calls due in the window that had no reply by the drain deadline
/// (recorded in the histogram at the deadline, a lower bound).
/// </summary>
internal sealed record ShapeMeasurement(
    LongHistogram Latency,
    long Calls,
    long WindowTicks,
    Snapshot Start,
    Snapshot End,
    double OfferedRate,
    long Errors,
    string? FirstError,
    long Unanswered,
    int RequestFrameBytes,
    int ReplyFrameBytes)
{
    /// <summary>What holding the idle connections cost the server (smf with <c>--idle-connections</c>); null without them.</summary>
    public IdleConnectionsMeasurement? Idle { get; init; }

    /// <summary>Plain request payload bytes over the bytes our client's outgoing filter makes of them (<c>--client-filter</c>); null without one.</summary>
    public double? CompressionRatio { get; init; }
}
