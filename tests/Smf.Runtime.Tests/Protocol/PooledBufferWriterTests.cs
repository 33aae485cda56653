using Smf.Protocol;

namespace Smf.Runtime.Tests.Protocol;

[TestClass]
public sealed class PooledBufferWriterTests
{
    [TestMethod]
    public void Write_BeyondCapacity_GrowsAndKeepsBytes()
    {
        using var writer = new PooledBufferWriter();
        var data = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

        writer.Write(data.AsSpan(0, 10));
        writer.Write(data.AsSpan(10));

        CollectionAssert.AreEqual(data, writer.WrittenSpan.ToArray());
        Assert.AreEqual(5000, writer.WrittenCount);
    }

    [TestMethod]
    public void Clear_WithRetentionLimit_ReleasesOnlyLargeArrays()
    {
        using var small = new PooledBufferWriter();
        using var large = new PooledBufferWriter();
        small.Write(new byte[100]);
        large.Write(new byte[100_000]);

        small.Clear(maxRetainedBytes: 4096);
        large.Clear(maxRetainedBytes: 4096);

        Assert.IsGreaterThan(0, small.Capacity);
        Assert.AreEqual(0, large.Capacity);
        Assert.AreEqual(0, small.WrittenCount + large.WrittenCount);
    }

    [TestMethod]
    public void Advance_PastObtainedSpan_Throws()
    {
        using var writer = new PooledBufferWriter();
        var obtained = writer.GetSpan(10).Length;

        Assert.ThrowsExactly<InvalidOperationException>(() => writer.Advance(obtained + 1));
    }
}
