using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

[TestClass]
public sealed class LimitsTests
{
    private static readonly uint Echo = TestService.Id("Echo");
    private static readonly uint Gate = TestService.Id("Gate");

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Budget_FrameDoesNotFit_WaitsUntilMemoryFreesThenIsServed(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, o =>
        {
            o.MaxInFlightBytesPerShard = 1000;
        }, shardCount: 1);
        using var first = await RawClient.ConnectAsync(harness.EndPoint);
        using var second = await RawClient.ConnectAsync(harness.EndPoint);

        await first.SendFrameAsync(1, Gate, new byte[600]);
        Assert.AreEqual(600, await harness.WaitForAsync(c => c.InFlightBytes, 600));
        await second.SendFrameAsync(2, Gate, new byte[600]);
        await harness.WaitForAsync(c => c.BytesReceived, 2 * (16 + 600));
        var enteredWhileFull = harness.State.GateEnteredCount;
        var heldWhileFull = harness.Sum(c => c.InFlightBytes);
        harness.State.Gate.SetResult();
        var (firstReply, _) = await first.ReadFrameAsync();
        var (secondReply, _) = await second.ReadFrameAsync();

        Assert.AreEqual(1, enteredWhileFull, "The second frame ran although the budget was exhausted.");
        Assert.AreEqual(600, heldWhileFull);
        Assert.AreEqual((uint)RpcStatus.Ok, firstReply.Meta);
        Assert.AreEqual((uint)RpcStatus.Ok, secondReply.Meta);
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
        Assert.AreEqual(2, harness.State.GateEnteredCount);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Budget_FrameLargerThanWholeBudget_ClosesInsteadOfWaiting(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, o =>
        {
            o.MaxInFlightBytesPerShard = 1000;
        }, shardCount: 1);
        using var good = await RawClient.ConnectAsync(harness.EndPoint);
        using var bad = await RawClient.ConnectAsync(harness.EndPoint);

        await bad.SendFrameAsync(1, Echo, new byte[1001]);
        var closed = await bad.IsClosedByServerAsync();
        var (reply, _) = await good.CallAsync(2, Echo, new byte[1000]);

        Assert.IsTrue(closed);
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.BadRequests, 1));
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Budget_WaitingConnectionDisconnects_NoBudgetLeaks(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, o =>
        {
            o.MaxInFlightBytesPerShard = 1000;
        }, shardCount: 1);
        using var first = await RawClient.ConnectAsync(harness.EndPoint);
        await first.SendFrameAsync(1, Gate, new byte[600]);
        Assert.AreEqual(600, await harness.WaitForAsync(c => c.InFlightBytes, 600));

        using (var waiting = await RawClient.ConnectAsync(harness.EndPoint))
        {
            await waiting.SendFrameAsync(2, Gate, new byte[600]);
            await harness.WaitForAsync(c => c.BytesReceived, 2 * (16 + 600));
        }

        harness.State.Gate.SetResult();
        var (reply, _) = await first.ReadFrameAsync();

        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.ActiveConnections, 1));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task IdleTimeout_IdleConnection_IsClosedButLongCallIsNot(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, o => o.IdleTimeout = TimeSpan.FromMilliseconds(200));
        using var idle = await RawClient.ConnectAsync(harness.EndPoint);
        using var busy = await RawClient.ConnectAsync(harness.EndPoint);
        await busy.SendFrameAsync(1, Gate, [1]);

        var idleClosed = await idle.IsClosedByServerAsync();
        await harness.WaitForAsync(c => c.Timeouts, 1);
        await Task.Delay(400);
        harness.State.Gate.SetResult();
        var (reply, _) = await busy.ReadFrameAsync();

        Assert.IsTrue(idleClosed);
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta, "The idle timeout cut a call that was still running.");
        Assert.AreEqual(1, harness.Sum(c => c.Timeouts));
        Assert.AreEqual(0, harness.Sum(c => c.BadRequests));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task MaxConnections_OneOverLimit_IsClosedAndOthersServed(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, o => o.MaxConnections = 2);
        using var first = await RawClient.ConnectAsync(harness.EndPoint);
        using var second = await RawClient.ConnectAsync(harness.EndPoint);
        await first.CallAsync(1, Echo, [1]);
        await second.CallAsync(1, Echo, [1]);

        using var third = await RawClient.ConnectAsync(harness.EndPoint);
        var thirdClosed = await third.IsClosedByServerAsync();
        var (reply, _) = await first.CallAsync(2, Echo, [2]);

        Assert.IsTrue(thirdClosed);
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.ConnectionsRejected, 1));
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.AreEqual(2, harness.Sum(c => c.ActiveConnections));
    }

    [TestMethod]
    public async Task MaxConnections_AfterOneCloses_NewConnectionIsAccepted()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll, o => o.MaxConnections = 1);
        using (var first = await RawClient.ConnectAsync(harness.EndPoint))
        {
            await first.CallAsync(1, Echo, [1]);
        }

        await harness.WaitForAsync(c => c.ActiveConnections, 0);
        using var second = await RawClient.ConnectAsync(harness.EndPoint);
        var (reply, _) = await second.CallAsync(1, Echo, [1]);

        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.AreEqual(0, harness.Sum(c => c.ConnectionsRejected));
    }

    [TestMethod]
    public void Constructor_InvalidOption_ThrowsNamingTheOptionAndValue()
    {
        var options = new RpcServerOptions { MaxFrameSize = -5 };

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => options.Clone());

        StringAssert.Contains(error.Message, "MaxFrameSize");
        StringAssert.Contains(error.Message, "'-5'");
    }
}
