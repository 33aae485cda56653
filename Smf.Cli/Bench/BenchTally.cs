using HdrHistogram;
using Smf;

namespace Smf.Cli.Bench;

/// <summary>
/// What one caller (closed loop) or one connection's scheduler (open loop) measured: latencies of answered calls in
/// nanoseconds (1 ns to 60 s, 3 significant digits), counts, and failures by status or kind.
/// </summary>
internal sealed class BenchTally(bool synchronized)
{
    private const long HighestNanoseconds = 60_000_000_000L;

    private readonly Lock? _lock = synchronized ? new Lock() : null;
    private long _calls;

    public LongHistogram Latency { get; } = CreateHistogram();

    /// <summary>Measured calls that got a reply (any status) or failed; read without a lock by the progress line.</summary>
    public long Calls => Volatile.Read(ref _calls);

    public long Ok { get; private set; }

    public long LastCompletion { get; private set; }

    /// <summary>Failures: <c>"404"</c>-style status keys, <c>"timeout"</c> and <c>"connection"</c>.</summary>
    public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public string? FirstError { get; private set; }

    public static LongHistogram CreateHistogram() => new(1, HighestNanoseconds, 3);

    public void Reply(RpcStatus status, long nanoseconds, long completedAt)
    {
        if (_lock is null)
        {
            RecordReply(status, nanoseconds, completedAt);
            return;
        }

        lock (_lock)
        {
            RecordReply(status, nanoseconds, completedAt);
        }
    }

    public void Failure(string kind, string message, long completedAt)
    {
        if (_lock is null)
        {
            RecordFailure(kind, message, completedAt);
            return;
        }

        lock (_lock)
        {
            RecordFailure(kind, message, completedAt);
        }
    }

    private void RecordReply(RpcStatus status, long nanoseconds, long completedAt)
    {
        Latency.RecordValue(Math.Clamp(nanoseconds, 1, HighestNanoseconds));
        if (status == RpcStatus.Ok)
        {
            Ok++;
        }
        else
        {
            var key = ((uint)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Errors[key] = Errors.GetValueOrDefault(key) + 1;
            FirstError ??= $"status {key}";
        }

        Complete(completedAt);
    }

    private void RecordFailure(string kind, string message, long completedAt)
    {
        Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
        FirstError ??= message;
        Complete(completedAt);
    }

    private void Complete(long completedAt)
    {
        LastCompletion = Math.Max(LastCompletion, completedAt);
        Volatile.Write(ref _calls, _calls + 1);
    }
}
