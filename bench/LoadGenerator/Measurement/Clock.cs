using System.Diagnostics;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>Converts <see cref="Stopwatch"/> ticks to nanoseconds (the unit every histogram records).</summary>
internal static class Clock
{
    private static readonly double NanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    public static long Now => Stopwatch.GetTimestamp();

    public static long ToNanoseconds(long ticks) => Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * NanosecondsPerTick);

    public static long FromTimeSpan(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
