using Smf.Runtime.Tests.Server;
using Smf.Sharding.Internal;

namespace Smf.Runtime.Tests.Sharding;

[TestClass]
public sealed class ShardLoopTests
{
    [TestMethod]
    public async Task HeldFlush_NothingWakesTheLoop_IsOfferedAgainUntilItWrites()
    {
        await using var shards = ServerHarness.NewShards(1);
        var loop = shards.GetLoop(0);
        var flush = new FlushThatWaits(loop);

        await loop.InvokeAsync(() => loop.ScheduleFlush(flush));
        await flush.Held.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Set without posting to the loop: only the loop's own bounded sleep brings the flush back.
        flush.MayWrite = true;
        await flush.Written.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsTrue(flush.Offers >= 2, $"The flush was offered {flush.Offers} times.");
    }

    [TestMethod]
    public async Task HeldFlush_FlushScheduledMeanwhile_BothRunAtTheIterationEnd()
    {
        await using var shards = ServerHarness.NewShards(1);
        var loop = shards.GetLoop(0);
        var held = new FlushThatWaits(loop);
        var other = new FlushThatWaits(loop) { MayWrite = true };

        await loop.InvokeAsync(() => loop.ScheduleFlush(held));
        await held.Held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await loop.InvokeAsync(() =>
        {
            held.MayWrite = true;
            loop.ScheduleFlush(other);
        });

        await Task.WhenAll(held.Written.Task, other.Written.Task).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.AreEqual(1, other.Offers);
    }

    /// <summary>Holds itself until <see cref="MayWrite"/> is set; counts how often the loop offered it.</summary>
    private sealed class FlushThatWaits(ShardLoop loop) : ILoopFlush
    {
        public volatile bool MayWrite;

        public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Offers { get; private set; }

        public void Flush()
        {
            Offers++;
            if (!MayWrite)
            {
                Held.TrySetResult();
                loop.HoldFlush(this);
                return;
            }

            Written.TrySetResult();
        }
    }
}
