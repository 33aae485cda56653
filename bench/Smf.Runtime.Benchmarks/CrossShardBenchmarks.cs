using BenchmarkDotNet.Attributes;
using Smf.Sharding;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// <see cref="Sharded{T}.InvokeOnAsync{TState, TResult}(int, TState, Func{T, TState, TResult})"/> round trips, each
/// made from shard 0 the way a handler forwards a call (the work runs on that shard through
/// <see cref="ShardGroup.SubmitToAsync{TResult}(int, Func{Task{TResult}})"/>, and <see cref="CallsPerInvoke"/> calls
/// are timed per invoke): to its own shard (completes inline, the baseline), to shard 1 one at a time, and to shard 1
/// with 8 calls in flight (as 8 connections' handlers would). The shards are not pinned; the machine's cores are
/// shared with the harness.
/// </summary>
[MemoryDiagnoser]
public class CrossShardBenchmarks
{
    private const int CallsPerInvoke = 1000;
    private const int InFlight = 8;

    private ShardGroup _shards = null!;
    private Sharded<Counter> _counters = null!;

    [GlobalSetup]
    public void Setup()
    {
        _shards = new ShardGroup(new ShardGroupOptions { Count = 2, PinToCpus = false });
        _counters = Sharded<Counter>.StartAsync(_shards, _ => new Counter()).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _counters.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _shards.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerInvoke)]
    public Task<long> SameShard() => _shards.SubmitToAsync(0, () => CallsAsync(0, CallsPerInvoke));

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public Task<long> OtherShard() => _shards.SubmitToAsync(0, () => CallsAsync(1, CallsPerInvoke));

    [Benchmark(OperationsPerInvoke = CallsPerInvoke)]
    public Task<long> OtherShard8InFlight() => _shards.SubmitToAsync(0, async () =>
    {
        var callers = new Task<long>[InFlight];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = CallsAsync(1, CallsPerInvoke / InFlight);
        }

        long total = 0;
        foreach (var caller in callers)
        {
            total += await caller;
        }

        return total;
    });

    private async Task<long> CallsAsync(int shard, int calls)
    {
        long last = 0;
        for (var i = 0; i < calls; i++)
        {
            last = await _counters.InvokeOnAsync(shard, 1L, static (counter, n) => counter.Add(n));
        }

        return last;
    }

    /// <summary>One shard's state: a running total, only touched on its own shard.</summary>
    private sealed class Counter
    {
        private long _total;

        public long Add(long n) => _total += n;
    }
}
