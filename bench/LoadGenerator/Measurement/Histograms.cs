using HdrHistogram;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>Creates the latency histograms: nanoseconds, 1 ns to 60 s, 3 significant digits.</summary>
internal static class Histograms
{
    public static LongHistogram Create() => new(1, 60_000_000_000L, 3);

    /// <summary>Records a latency in nanoseconds, clamped into the histogram's range.</summary>
    public static void Record(LongHistogram histogram, long nanoseconds) =>
        histogram.RecordValue(Math.Clamp(nanoseconds, 1, 60_000_000_000L));
}
