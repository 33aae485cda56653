using Smf.Internal;
using Smf.Runtime.Tests.Server;

namespace Smf.Runtime.Tests.Internal;

[TestClass]
public sealed class OversizeArraysTests
{
    private const int Mebibyte = 1024 * 1024;

    [TestMethod]
    public async Task Rent_AfterReturnOnTheShard_ReusesTheArrayForNearlyEqualSizes()
    {
        await using var shards = ServerHarness.NewShards(1);
        var loop = shards[0];
        await loop.InvokeAsync(() =>
        {
            var arrays = new OversizeArrays(loop, long.MaxValue);
            var frame = arrays.Rent(Mebibyte + 40);
            arrays.Return(frame);

            var reply = arrays.Rent(Mebibyte + 24);

            Assert.AreSame(frame, reply);
            Assert.AreEqual(0, arrays.KeptCount);
        });
    }

    [TestMethod]
    public async Task Rent_PooledSizeOrOffTheShard_DoesNotTouchTheKeptArrays()
    {
        await using var shards = ServerHarness.NewShards(1);
        var loop = shards[0];
        var arrays = new OversizeArrays(loop, long.MaxValue);
        byte[]? kept = null;
        await loop.InvokeAsync(() =>
        {
            kept = arrays.Rent(2 * Mebibyte);
            arrays.Return(kept);
            var small = arrays.Rent(Mebibyte);
            Assert.AreNotSame(kept, small);
            arrays.Return(small);
            Assert.AreEqual(1, arrays.KeptCount);
        });

        // A handler that resumed off its shard: the shard's arrays are not shared with that thread.
        var elsewhere = arrays.Rent(2 * Mebibyte);
        arrays.Return(elsewhere);

        Assert.AreNotSame(kept, elsewhere);
        await loop.InvokeAsync(() => Assert.AreEqual(1, arrays.KeptCount));
    }

    [TestMethod]
    public async Task Return_BeyondTheByteOrCountLimit_LeavesTheArrayToTheGc()
    {
        await using var shards = ServerHarness.NewShards(1);
        var loop = shards[0];
        await loop.InvokeAsync(() =>
        {
            var byBytes = new OversizeArrays(loop, maxKeptBytes: 3 * Mebibyte);
            byBytes.Return(new byte[2 * Mebibyte]);
            byBytes.Return(new byte[2 * Mebibyte]);
            Assert.AreEqual(1, byBytes.KeptCount);

            var byCount = new OversizeArrays(loop, long.MaxValue);
            for (var i = 0; i < OversizeArrays.MaxKeptArrays + 3; i++)
            {
                byCount.Return(new byte[Mebibyte + 1]);
            }

            Assert.AreEqual(OversizeArrays.MaxKeptArrays, byCount.KeptCount);
        });
    }

    [TestMethod]
    public async Task TrimIfIdle_AnIntervalWithoutRent_DropsEveryKeptArray()
    {
        await using var shards = ServerHarness.NewShards(1);
        var loop = shards[0];
        await loop.InvokeAsync(() =>
        {
            var arrays = new OversizeArrays(loop, long.MaxValue);
            arrays.Return(arrays.Rent(2 * Mebibyte));

            arrays.TrimIfIdle();
            Assert.AreEqual(1, arrays.KeptCount, "A rent since the last trim keeps the arrays one more interval.");
            arrays.TrimIfIdle();

            Assert.AreEqual(0, arrays.KeptCount);
        });
    }
}
