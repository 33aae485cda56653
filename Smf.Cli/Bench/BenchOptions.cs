namespace Smf.Cli.Bench;

/// <summary>
/// The load of one <c>smf bench</c> run. Closed loop: each of <see cref="Connections"/> connections keeps
/// <see cref="Depth"/> calls in flight, sending the next when one returns. Open loop (<see cref="Rate"/> set): calls
/// are due on a fixed schedule spread over the connections, and latency is measured from each call's due time, so a
/// server that falls behind shows it (no coordinated omission).
/// </summary>
internal sealed record BenchOptions(
    int Connections,
    int Depth,
    TimeSpan? Duration,
    long? Calls,
    double? Rate,
    TimeSpan Warmup)
{
    /// <summary>The most calls one open-loop connection may have unanswered; further due calls wait for one to finish (their latency still counts from the due time).</summary>
    public const int OpenLoopMaxInFlight = 8192;

    public bool IsOpenLoop => Rate is not null;
}
