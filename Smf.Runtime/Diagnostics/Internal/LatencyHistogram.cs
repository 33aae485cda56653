using HdrHistogram;

namespace Smf.Diagnostics.Internal;

/// <summary>
/// An HdrHistogram of call latencies in microseconds (1 µs to 1 hour, 3 significant digits), recorded from any thread
/// without allocating, and written as smf writes its <c>.hgrm</c> files (HdrHistogram's percentile distribution).
/// </summary>
internal sealed class LatencyHistogram
{
    public const long HighestTrackableMicroseconds = 3_600_000_000L;

    private readonly LongConcurrentHistogram _histogram = new(1, HighestTrackableMicroseconds, 3);

    public long TotalCount => _histogram.TotalCount;

    public void Record(long elapsedTicks)
    {
        var micros = Math.Clamp(elapsedTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency, 1, HighestTrackableMicroseconds);
        _histogram.RecordValue(micros);
    }

    /// <summary>A copy of the counts, safe to read while recording goes on.</summary>
    public HistogramBase Snapshot() => _histogram.Copy();

    /// <summary>Writes the percentile distribution of <paramref name="histogram"/> (values in microseconds) in the .hgrm text format.</summary>
    public static void Write(HistogramBase histogram, TextWriter writer) =>
        histogram.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: OutputScalingFactor.None);
}
