using Smf.Client;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcReconnectPolicyTests
{
    [TestMethod]
    public void Delays_Default_AreSmfsBackoffInSeconds()
    {
        var policy = new RpcReconnectPolicy();

        CollectionAssert.AreEqual(new double[] { 1, 3, 5, 10, 20, 30, 60, 300, 600, 1800 }, policy.Delays.Select(d => d.TotalSeconds).ToArray());
        Assert.AreEqual(TimeSpan.FromSeconds(1), policy.MaxJitter);
    }

    [TestMethod]
    public void DelayFor_AttemptsBeyondTheList_RepeatTheLastDelayPlusBoundedJitter()
    {
        var policy = new RpcReconnectPolicy { Delays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], MaxJitter = TimeSpan.FromMilliseconds(500) };

        for (var attempt = 0; attempt < 50; attempt++)
        {
            var delay = policy.DelayFor(attempt);
            var expected = attempt == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);
            Assert.IsTrue(delay >= expected && delay < expected + TimeSpan.FromMilliseconds(500), $"Attempt {attempt} waits {delay}.");
        }
    }

    [TestMethod]
    public void DelayFor_NoJitter_IsExact()
    {
        var policy = new RpcReconnectPolicy { MaxJitter = TimeSpan.Zero };

        Assert.AreEqual(TimeSpan.FromSeconds(1), policy.DelayFor(0));
        Assert.AreEqual(TimeSpan.FromSeconds(1800), policy.DelayFor(9));
        Assert.AreEqual(TimeSpan.FromSeconds(1800), policy.DelayFor(100));
    }

    [TestMethod]
    public void Validate_NegativeValues_Throw()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RpcReconnectPolicy { Delays = [TimeSpan.FromSeconds(-1)] }.Validate());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RpcReconnectPolicy { MaxJitter = TimeSpan.FromSeconds(-1) }.Validate());
    }
}
