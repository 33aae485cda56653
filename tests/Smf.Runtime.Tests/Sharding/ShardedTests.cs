using Smf.Sharding;

namespace Smf.Runtime.Tests.Sharding;

[TestClass]
public sealed class ShardedTests
{
    [TestMethod]
    public async Task StartAsync_FactoryRunsOnEachShard_LocalIsThatShardsInstance()
    {
        await using var shards = NewShards(3);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var locals = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => probes.InvokeOnAsync(i, _ => probes.Local.Shard).AsTask()));

        Assert.AreEqual(3, probes.Count);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, locals);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, await Task.WhenAll(Enumerable.Range(0, 3).Select(i => probes.InvokeOnAsync(i, p => p.CreatedOnShard).AsTask())));
    }

    [TestMethod]
    public async Task InvokeOnAsync_FromAnotherShard_RunsOnTargetAndResumesOnCaller()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        // From shard 0, call shard 1 many times and record where each step ran.
        var observations = await probes.InvokeOnAsync(0, async p0 =>
        {
            var seen = new List<(int Before, int Target, int After)>();
            for (var i = 0; i < 100; i++)
            {
                var before = Shard.CurrentId;
                var target = await probes.InvokeOnAsync(1, i, static (p1, n) => p1.Record(n));
                seen.Add((before, target, Shard.CurrentId));
            }

            return seen;
        });

        Assert.AreEqual(100, observations.Count);
        Assert.IsTrue(observations.All(o => o is (0, 1, 0)), string.Join(", ", observations.Distinct()));
        Assert.AreEqual(100, await probes.InvokeOnAsync(1, p => p.Records));
    }

    [TestMethod]
    public async Task InvokeOnAsync_AsyncFunction_AwaitsContinueOnTargetShard()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var shardsSeen = await probes.InvokeOnAsync(1, async p =>
        {
            var first = Shard.CurrentId;
            await Task.Yield();
            await Task.Delay(1);
            return (first, Shard.CurrentId);
        });

        Assert.AreEqual((1, 1), shardsSeen);
    }

    [TestMethod]
    public async Task InvokeOnAsync_AsyncLambdaOverTaskMethods_IsAwaitedOnTargetShard()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var value = await probes.InvokeOnAsync(1, async p => await p.RecordLaterAsync(41));
        await probes.InvokeOnAsync(1, async p => { await p.RecordLaterAsync(42); });
        var last = await probes.InvokeOnAsync(1, p => (p.Records, p.LastValue));

        Assert.AreEqual(1, value);
        Assert.AreEqual((2, 42), last);
    }

    [TestMethod]
    public async Task InvokeOnAsync_FunctionThrows_ExceptionReachesCallerAndShardKeepsRunning()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () =>
            await probes.InvokeOnAsync(1, (Func<Probe, int>)(_ => throw new InvalidOperationException("boom"))));
        var after = await probes.InvokeOnAsync(1, p => p.Shard);

        Assert.AreEqual("boom", error.Message);
        Assert.AreEqual(1, after);
    }

    [TestMethod]
    public async Task InvokeOnAllAsync_Action_RunsOncePerShardOnThatShard()
    {
        await using var shards = NewShards(3);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        await probes.InvokeOnAllAsync(p => p.Record(Shard.CurrentId));
        var records = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => probes.InvokeOnAsync(i, p => (p.Records, p.LastValue)).AsTask()));

        CollectionAssert.AreEqual(new[] { (1, 0), (1, 1), (1, 2) }, records);
    }

    [TestMethod]
    public async Task InvokeOnAsync_OwnShardFunctionThrows_ReturnsFaultedTask()
    {
        await using var shards = NewShards(1);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var faulted = await probes.InvokeOnAsync(0, async _ =>
        {
            var inner = probes.InvokeOnAsync(0, (Func<Probe, int>)(_ => throw new InvalidOperationException("inline")));
            var wasFaulted = inner.IsFaulted;
            try
            {
                await inner;
            }
            catch (InvalidOperationException)
            {
            }

            return wasFaulted;
        });

        Assert.IsTrue(faulted);
    }

    [TestMethod]
    public async Task InvokeOnAsync_AfterShardsStopped_ThrowsObjectDisposed()
    {
        var shards = NewShards(1);
        var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));
        await shards.DisposeAsync();

        Assert.ThrowsExactly<ObjectDisposedException>(() => probes.InvokeOnAsync(0, p => p.Shard));
    }

    [TestMethod]
    public async Task Local_OffShardThread_Throws()
    {
        await using var shards = NewShards(1);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        Assert.ThrowsExactly<InvalidOperationException>(() => probes.Local);
        Assert.AreEqual(-1, Shard.CurrentId);
        Assert.IsFalse(Shard.IsOnShard);
    }

    [TestMethod]
    public async Task InvokeOnAsync_ShardOutOfRange_Throws()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => probes.InvokeOnAsync(2, p => p.Shard));
    }

    [TestMethod]
    public async Task DisposeAsync_DisposesEveryInstanceOnItsShard()
    {
        await using var shards = NewShards(2);
        var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));
        var instances = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => probes.InvokeOnAsync(i, p => p).AsTask()));

        await probes.DisposeAsync();

        Assert.IsTrue(instances.All(p => p.DisposedOnShard == p.Shard));
    }

    [TestMethod]
    public async Task StartAsync_FactoryThrows_DisposesCreatedInstancesAndRethrows()
    {
        await using var shards = NewShards(2);
        var created = new System.Collections.Concurrent.ConcurrentBag<Probe>();

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => Sharded<Probe>.StartAsync(shards, shard =>
        {
            if (shard == 1)
            {
                throw new InvalidOperationException("no");
            }

            var probe = new Probe(shard);
            created.Add(probe);
            return probe;
        }));

        Assert.AreEqual(0, created.Single().DisposedOnShard);
    }

    [TestMethod]
    public async Task InvokeOnAsync_ManyConcurrentCallersFromThreadPool_AllComplete()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var calls = Enumerable.Range(0, 2000).Select(i => probes.InvokeOnAsync(i % 2, i, static (p, n) => p.Record(n)).AsTask());
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.AreEqual(1000, await probes.InvokeOnAsync(0, p => p.Records));
        Assert.AreEqual(1000, await probes.InvokeOnAsync(1, p => p.Records));
    }

    [TestMethod]
    public async Task InvokeOnAsync_FromAnotherShardFunctionThrows_ExceptionResumesOnCallerShard()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var (message, resumedOn) = await probes.InvokeOnAsync<(string, int)>(0, async _ =>
        {
            try
            {
                await probes.InvokeOnAsync(1, 0, (Func<Probe, int, int>)(static (_, _) => throw new InvalidOperationException("boom on 1")));
                return ("no exception", Shard.CurrentId);
            }
            catch (InvalidOperationException e)
            {
                return (e.Message, Shard.CurrentId);
            }
        });

        Assert.AreEqual(("boom on 1", 0), (message, resumedOn));
    }

    [TestMethod]
    public async Task InvokeOnAsync_ManyInFlightFromAShard_RunInPostOrderAndEachGetsItsOwnResult()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        // Rounds of 16 calls in flight from shard 0: the pooled work items are reused from the second round on.
        var results = await probes.InvokeOnAsync(0, async _ =>
        {
            var all = new List<int>();
            for (var round = 0; round < 20; round++)
            {
                var calls = new ValueTask<int>[16];
                for (var i = 0; i < calls.Length; i++)
                {
                    calls[i] = probes.InvokeOnAsync(1, (round * 16) + i, static (p, n) => { p.Record(n); return n; });
                }

                foreach (var call in calls)
                {
                    all.Add(await call);
                }
            }

            return all;
        });
        var order = await probes.InvokeOnAsync(1, p => p.Order.ToArray());

        CollectionAssert.AreEqual(Enumerable.Range(0, 320).ToArray(), results);
        CollectionAssert.AreEqual(Enumerable.Range(0, 320).ToArray(), order, "Posts from one shard run in the order they were made.");
    }

    [TestMethod]
    public async Task InvokeOnAsync_AwaitedFromAnotherShard_NeitherShardAllocatesPerCall()
    {
        await using var shards = NewShards(2);
        await using var probes = await Sharded<Probe>.StartAsync(shards, shard => new Probe(shard));

        var allocated = await probes.InvokeOnAsync(0, async _ =>
        {
            for (var i = 0; i < 100; i++)
            {
                await probes.InvokeOnAsync(1, i, static (p, n) => p.Add(n));
            }

            var targetBefore = await probes.InvokeOnAsync(1, 0, static (_, _) => GC.GetAllocatedBytesForCurrentThread());
            var callerBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 1000; i++)
            {
                await probes.InvokeOnAsync(1, i, static (p, n) => p.Add(n));
            }

            var caller = GC.GetAllocatedBytesForCurrentThread() - callerBefore;
            var target = await probes.InvokeOnAsync(1, 0, static (_, _) => GC.GetAllocatedBytesForCurrentThread()) - targetBefore;
            return (caller, target);
        });

        // One-off growth (a pool's first array) may show; anything per call would be at least 1,000 bytes.
        Assert.IsLessThan(1.0, (allocated.caller + allocated.target) / 1000.0, $"Shard 0 allocated {allocated.caller} and shard 1 {allocated.target} bytes for 1,000 awaited calls from 0 to 1.");
    }

    private static ShardGroup NewShards(int count) => new(new ShardGroupOptions { Count = count, PinToCpus = false });

    private sealed class Probe(int shard) : IDisposable
    {
        public int Shard { get; } = shard;

        public int CreatedOnShard { get; } = Smf.Sharding.Shard.CurrentId;

        public int Records { get; private set; }

        public int LastValue { get; private set; }

        public List<int> Order { get; } = [];

        public long Total { get; private set; }

        public int DisposedOnShard { get; private set; } = -2;

        public int Record(int value)
        {
            Records++;
            LastValue = value;
            Order.Add(value);
            return Smf.Sharding.Shard.CurrentId;
        }

        public long Add(long value) => Total += value;

        public async Task<int> RecordLaterAsync(int value)
        {
            await Task.Delay(1);
            return Record(value);
        }

        public void Dispose() => DisposedOnShard = Smf.Sharding.Shard.CurrentId;
    }
}
