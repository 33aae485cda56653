using System.Diagnostics;
using Smf;
using Smf.Client;
using Smf.Sharding;

namespace Smf.Cli.Bench;

/// <summary>
/// Drives the load on <see cref="RpcClient"/> raw calls with one pre-encoded payload. Every loop is bounded in count
/// (<see cref="MaxCallsPerLoop"/>) and in time (the run's hard stop: warm-up + duration + call timeout + grace).
/// </summary>
internal sealed class BenchRunner
{
    /// <summary>A bound on the calls one loop makes, whatever the clock says.</summary>
    public const long MaxCallsPerLoop = 1_000_000_000;

    /// <summary>How long loops may outlive their schedule (late replies, draining) before the run stops them.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly BenchOptions _options;
    private readonly uint _requestId;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly RpcCallOptions _callOptions;
    private readonly TimeSpan _timeout;

    // The schedule, in Stopwatch ticks; set before any loop starts.
    private long _measureStart;
    private long _sendUntil = long.MaxValue;
    private long _hardStop;
    private long _remaining = long.MaxValue;
    private long _notSent;
    private volatile bool _stop;

    public BenchRunner(BenchOptions options, uint requestId, ReadOnlyMemory<byte> payload, ClientSettings settings)
    {
        _options = options;
        _requestId = requestId;
        _payload = payload;
        _callOptions = settings.CallOptions();
        _timeout = settings.Timeout;
    }

    /// <summary>
    /// Runs the load on connected clients of <paramref name="shards"/> (closed-loop callers run on its shard 0);
    /// <paramref name="progress"/> is called about once a second with the measured calls so far.
    /// </summary>
    public async Task<BenchResult> RunAsync(ShardGroup shards, IReadOnlyList<RpcClient> clients, Action<TimeSpan, long, long>? progress, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        _measureStart = start + Ticks(_options.Warmup);
        if (_options.Duration is { } duration)
        {
            _sendUntil = _measureStart + Ticks(duration);
        }

        if (_options.Calls is { } calls)
        {
            _remaining = calls;
        }

        // -n has no duration: the hard stop then allows a generous time per call.
        var budget = _options.Duration ?? TimeSpan.FromSeconds(Math.Min(86_400, 60 + (_options.Calls!.Value / 1000.0)));
        _hardStop = _measureStart + Ticks(budget + _timeout + Grace);

        var tallies = new List<BenchTally>();
        var loops = new List<Task>();
        foreach (var client in clients)
        {
            if (_options.IsOpenLoop)
            {
                var tally = new BenchTally(synchronized: true);
                tallies.Add(tally);
                var interval = Stopwatch.Frequency * clients.Count / _options.Rate!.Value;
                loops.Add(Task.Run(() => OpenLoopAsync(client, tally, start, interval), CancellationToken.None));
            }
            else
            {
                for (var d = 0; d < _options.Depth; d++)
                {
                    var tally = new BenchTally(synchronized: false);
                    tallies.Add(tally);
                    loops.Add(shards.SubmitToAsync(0, async () =>
                    {
                        await ClosedLoopAsync(client, tally).ConfigureAwait(false);
                        return true;
                    }));
                }
            }
        }

        var all = Task.WhenAll(loops);
        using (cancellationToken.Register(() => _stop = true))
        {
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                if (now >= _hardStop)
                {
                    _stop = true;
                }

                if (now >= _hardStop + Ticks(Grace))
                {
                    throw new TimeoutException($"The load loops did not stop within {Grace.TotalSeconds:0} s of the run's end; the server stopped answering.");
                }

                progress?.Invoke(Stopwatch.GetElapsedTime(start), tallies.Sum(t => t.Calls), tallies.Sum(t => t.Calls - t.Ok));
            }
        }

        await all.ConfigureAwait(false);
        var latency = BenchTally.CreateHistogram();
        var errors = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long total = 0, ok = 0, last = _measureStart;
        string? firstError = null;
        foreach (var tally in tallies)
        {
            latency.Add(tally.Latency);
            total += tally.Calls;
            ok += tally.Ok;
            last = Math.Max(last, tally.LastCompletion);
            firstError ??= tally.FirstError;
            foreach (var (key, count) in tally.Errors)
            {
                errors[key] = errors.GetValueOrDefault(key) + count;
            }
        }

        return new BenchResult
        {
            Latency = latency,
            Calls = total,
            Ok = ok,
            Elapsed = Stopwatch.GetElapsedTime(_measureStart, last),
            Errors = errors,
            FirstError = firstError,
            NotSent = _notSent,
        };
    }

    // The call is awaited here, not in a helper: one async method per caller, so a call allocates nothing.
    private async Task ClosedLoopAsync(RpcClient client, BenchTally tally)
    {
        for (long n = 0; n < MaxCallsPerLoop && !_stop; n++)
        {
            var sent = Stopwatch.GetTimestamp();
            if (sent >= _hardStop || !MaySend(sent, out var measured))
            {
                return;
            }

            try
            {
                using var reply = await client.CallAsync(_requestId, _payload, _callOptions).ConfigureAwait(false);
                if (measured)
                {
                    RecordReply(tally, reply.Status, sent);
                }
            }
            catch (Exception e) when (e is TimeoutException or RpcConnectionException)
            {
                // Resumes on the shard (its synchronization context), so the caller stays where its replies are read.
                await RecordFailureAsync(tally, e, measured).ConfigureAwait(true);
            }
        }
    }

    private async Task OpenLoopAsync(RpcClient client, BenchTally tally, long start, double interval)
    {
        var inFlight = new InFlight();
        var due = (double)start;
        for (long n = 0; n < MaxCallsPerLoop && !_stop;)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= _hardStop)
            {
                break;
            }

            // Send every call that is due by now; each one's latency counts from its due time.
            while ((long)due <= now && n < MaxCallsPerLoop)
            {
                var intended = (long)due;
                if (!MaySend(intended, out var measured))
                {
                    await inFlight.DrainAsync(_hardStop).ConfigureAwait(false);
                    return;
                }

                if (inFlight.Count >= BenchOptions.OpenLoopMaxInFlight)
                {
                    await inFlight.WaitBelowAsync(BenchOptions.OpenLoopMaxInFlight, _hardStop).ConfigureAwait(false);
                }

                inFlight.Add();
                _ = OpenCallAsync(client, tally, intended, measured, inFlight);
                due += interval;
                n++;
            }

            var wait = (long)due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 500)
            {
                await Task.Delay(TimeSpan.FromTicks(TimeSpan.TicksPerSecond * (wait - (Stopwatch.Frequency / 1000)) / Stopwatch.Frequency)).ConfigureAwait(false);
            }
            else
            {
                await Task.Yield();
            }
        }

        if (_options.Duration is not null && (long)due < _sendUntil)
        {
            Interlocked.Add(ref _notSent, (long)((_sendUntil - Math.Max(due, _measureStart)) / interval));
        }

        await inFlight.DrainAsync(_hardStop + Ticks(Grace)).ConfigureAwait(false);
    }

    private async Task OpenCallAsync(RpcClient client, BenchTally tally, long intended, bool measured, InFlight inFlight)
    {
        try
        {
            using var reply = await client.CallAsync(_requestId, _payload, _callOptions).ConfigureAwait(false);
            if (measured)
            {
                RecordReply(tally, reply.Status, intended);
            }
        }
        catch (Exception e) when (e is TimeoutException or RpcConnectionException)
        {
            await RecordFailureAsync(tally, e, measured).ConfigureAwait(false);
        }
        finally
        {
            inFlight.Remove();
        }
    }

    /// <summary>Whether a call due at <paramref name="at"/> is sent, and whether it is measured (after the warm-up).</summary>
    private bool MaySend(long at, out bool measured)
    {
        measured = at >= _measureStart;
        if (!measured)
        {
            return true;
        }

        // Only -n counts down; a timed run has no shared counter to touch.
        return at < _sendUntil && (_options.Calls is null || Interlocked.Decrement(ref _remaining) >= 0);
    }

    private static void RecordReply(BenchTally tally, RpcStatus status, long from)
    {
        var now = Stopwatch.GetTimestamp();
        tally.Reply(status, Nanoseconds(now - from), now);
    }

    private async ValueTask RecordFailureAsync(BenchTally tally, Exception failure, bool measured)
    {
        if (failure is TimeoutException)
        {
            if (measured)
            {
                tally.Failure("timeout", $"no reply within {_timeout.TotalSeconds:0.###} s", Stopwatch.GetTimestamp());
            }

            return;
        }

        if (measured)
        {
            tally.Failure("connection", ConnectionFailure.Describe(failure), Stopwatch.GetTimestamp());
        }

        // The next call reconnects; do not spin on a server that is down. The caller's context is kept: a closed-loop
        // caller returns to its shard.
        await Task.Delay(10).ConfigureAwait(true);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static long Nanoseconds(long ticks) => Stopwatch.Frequency == 1_000_000_000 ? ticks : (long)(ticks * (1e9 / Stopwatch.Frequency));

    /// <summary>The unanswered calls of one open-loop connection.</summary>
    private sealed class InFlight
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);

        public void Remove() => Interlocked.Decrement(ref _count);

        public Task DrainAsync(long deadline) => WaitBelowAsync(1, deadline);

        public async Task WaitBelowAsync(int limit, long deadline)
        {
            while (Count >= limit && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
    }
}
