using Microsoft.Extensions.Time.Testing;

namespace Smf.Runtime.Tests.Server;

/// <summary>Server timeouts follow the shard group's clock (<c>ShardGroupOptions.TimeProvider</c>): a fake clock expires them at once.</summary>
[TestClass]
public sealed class TimeoutClockTests
{
    private static readonly uint Echo = TestService.Id("Echo");

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task BodyReceiveTimeout_FakeClockPassesIt_ClosesTheStalledConnectionOnly(RpcTransport transport)
    {
        var clock = new FakeTimeProvider();
        await using var harness = await ServerHarness.StartAsync(
            transport,
            o => o.BodyReceiveTimeout = TimeSpan.FromMinutes(10),
            shardCount: 1,
            configureShards: o => o.TimeProvider = clock);
        using var stalled = await RawClient.ConnectAsync(harness.EndPoint);
        using var healthy = await RawClient.ConnectAsync(harness.EndPoint);
        await stalled.SendAsync(RawClient.Frame(1, Echo, new byte[100])[..60]);
        await harness.WaitForAsync(c => c.BytesReceived, 60);

        clock.Advance(TimeSpan.FromMinutes(9));
        var (early, _) = await healthy.CallAsync(1, Echo, [1]);
        var timeoutsBeforeTheDeadline = harness.Sum(c => c.Timeouts);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.AreEqual(0L, timeoutsBeforeTheDeadline);
        Assert.AreEqual(1L, await harness.WaitForAsync(c => c.Timeouts, 1), "The stalled connection was not timed out.");
        Assert.IsTrue(await stalled.IsClosedByServerAsync());
        Assert.AreEqual((uint)RpcStatus.Ok, early.Meta);
        var (later, payload) = await healthy.CallAsync(2, Echo, [2]);
        Assert.AreEqual((uint)RpcStatus.Ok, later.Meta);
        CollectionAssert.AreEqual(new byte[] { 2 }, payload);
    }
}
