using HdrHistogram;

namespace Smf.Cli.Bench;

/// <summary>The merged measurement of a run: calls after the warm-up, their latency histogram (nanoseconds) and failures.</summary>
internal sealed class BenchResult
{
    public required LongHistogram Latency { get; init; }

    public required long Calls { get; init; }

    public required long Ok { get; init; }

    /// <summary>From the end of the warm-up to the last measured completion.</summary>
    public required TimeSpan Elapsed { get; init; }

    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    public required string? FirstError { get; init; }

    /// <summary>Calls the schedule had due that were never sent because the run hit its time limit (open loop only).</summary>
    public required long NotSent { get; init; }

    public long ErrorCount => Calls - Ok;

    public double CallsPerSecond => Elapsed > TimeSpan.Zero ? Calls / Elapsed.TotalSeconds : 0;

    /// <summary>A latency percentile in microseconds (NaN without samples).</summary>
    public double Microseconds(double percentile) =>
        Latency.TotalCount == 0 ? double.NaN : (percentile >= 100 ? Latency.GetMaxValue() : Latency.GetValueAtPercentile(percentile)) / 1000.0;
}
