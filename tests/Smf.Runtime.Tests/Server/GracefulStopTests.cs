using System.Net.Sockets;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

[TestClass]
public sealed class GracefulStopTests
{
    private static readonly uint Gate = TestService.Id("Gate");

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task StopAsync_HandlerInFlight_ReplyIsSentBeforeTheConnectionCloses(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        await client.SendFrameAsync(5, Gate, [1]);
        await harness.WaitForAsync(c => c.InFlightRequests, 1);

        var stopping = harness.Server.StopAsync(TimeSpan.FromSeconds(10));
        harness.State.Gate.SetResult();
        var (reply, _) = await client.ReadFrameAsync();
        var closed = await client.IsClosedByServerAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.AreEqual((ushort)5, reply.Session);
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.IsTrue(closed);
        Assert.AreEqual(0, harness.Sum(c => c.ActiveConnections));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task StopAsync_HandlerNeverFinishes_ClosesAfterDrainTimeoutAndCancelsIt(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        await client.SendFrameAsync(1, Gate, [1]);
        await harness.WaitForAsync(c => c.InFlightRequests, 1);

        await harness.Server.StopAsync(TimeSpan.FromMilliseconds(100)).WaitAsync(TimeSpan.FromSeconds(10));
        var closed = await client.IsClosedByServerAsync();

        Assert.IsTrue(closed);
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightRequests, 0), "The cancelled handler never completed.");
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
    }

    [TestMethod]
    public async Task StopAsync_Stopped_RefusesNewConnections()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);
        var endPoint = harness.EndPoint;

        await harness.Server.StopAsync();

        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsExactlyAsync<SocketException>(() => socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [TestMethod]
    public async Task StopAsync_CalledTwice_IsIdempotent()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);

        var first = harness.Server.StopAsync();
        var second = harness.Server.StopAsync();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.AreSame(first, second);
    }

    [TestMethod]
    public async Task StartAsync_Twice_Throws()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => harness.Server.StartAsync());
    }

    [TestMethod]
    public async Task StartAsync_TwoMethodsWithOneRequestId_ThrowsNamingTheMethod()
    {
        await using var owned = OwnedServer.Create(1, new RpcServerOptions { Port = 0 });
        var server = owned.Server;
        server.AddService(shard => new TestService(new TestServiceState(), shard));
        server.AddService(shard => new TestService(new TestServiceState(), shard));

        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => server.StartAsync());

        StringAssert.Contains(error.Message, "TestService.Echo");
    }

    [TestMethod]
    public async Task StartAsync_Fails_DisposesEveryServiceAlreadyCreated()
    {
        var created = 0;
        var disposed = 0;
        await using var owned = OwnedServer.Create(2, new RpcServerOptions { Port = 0 });
        var server = owned.Server;
        for (var i = 0; i < 2; i++)
        {
            server.AddService(_ =>
            {
                Interlocked.Increment(ref created);
                return new DisposableService(() => Interlocked.Increment(ref disposed));
            });
        }

        await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => server.StartAsync());

        Assert.IsGreaterThan(0, created);
        Assert.AreEqual(created, disposed);
    }

    [TestMethod]
    public async Task StopAsync_DisposableService_IsDisposedOnItsShard()
    {
        var disposedOn = new System.Collections.Concurrent.ConcurrentBag<int>();
        await using var owned = OwnedServer.Create(2, new RpcServerOptions { Port = 0 });
        var server = owned.Server;
        server.AddService(_ => new DisposableService(() => disposedOn.Add(Smf.Sharding.Shard.CurrentId)));
        await server.StartAsync();

        await server.StopAsync();

        CollectionAssert.AreEquivalent(new[] { 0, 1 }, disposedOn.ToArray());
    }

    [TestMethod]
    public async Task AddService_FactoryRunsOncePerShardOnThatShard()
    {
        var created = new System.Collections.Concurrent.ConcurrentBag<TestService>();
        await using var owned = OwnedServer.Create(3, new RpcServerOptions { Port = 0 });
        var server = owned.Server;
        server.AddService(shard =>
        {
            var service = new TestService(new TestServiceState(), shard);
            created.Add(service);
            return service;
        });

        await server.StartAsync();

        CollectionAssert.AreEquivalent(new[] { 0, 1, 2 }, created.Select(s => s.CreatedOnShard).ToArray());
        Assert.IsTrue(created.All(s => s.CreatedOnShard == s.CreatedOnThreadShard), "A factory ran off its shard.");
    }
}
