using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Smf.Balancing;
using Smf.Client;
using Smf.Runtime.Tests.Client;
using Smf.Runtime.Tests.Messages.KvStore;

namespace Smf.Runtime.Tests.Balancing;

[TestClass]
public sealed class RpcChannelTests
{
    private static readonly uint Put = ClientTestSupport.PutRequestId;

    [TestMethod]
    public async Task CallAsync_RoundRobin30000Calls_EachOfThreeEndPointsWithinTenPercentOfEven()
    {
        // Arrange
        var nodes = await ChannelNode.StartManyAsync(3);
        await using var _ = new Nodes(nodes);
        await using var channel = RpcChannel.ForEndPoints(nodes.Select(n => (EndPoint)n.EndPoint));

        // Act: 100 rounds of 300 concurrent calls.
        for (var round = 0; round < 100; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT { Key = "k", Value = "v" }, r => r.Value).AsTask()));
        }

        // Assert
        foreach (var node in nodes)
        {
            Assert.IsTrue(node.Calls is >= 9_000 and <= 11_000, $"{node.Name} served {node.Calls} of 30000 calls.");
        }
    }

    [TestMethod]
    public async Task CallAsync_PowerOfTwoChoices_ServesEveryCallAndUsesEveryEndPoint()
    {
        // Arrange
        var nodes = await ChannelNode.StartManyAsync(3);
        await using var _ = new Nodes(nodes);
        await using var channel = RpcChannel.ForEndPoints(nodes.Select(n => (EndPoint)n.EndPoint), new RpcChannelOptions { Picker = RpcPickerKind.PowerOfTwoChoices });

        // Act
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT { Key = "k", Value = "v" }, r => r.Value).AsTask()));
        }

        // Assert
        Assert.AreEqual(2_000, nodes.Sum(n => n.Calls));
        Assert.IsTrue(nodes.All(n => n.Calls >= 300), string.Join(", ", nodes.Select(n => $"{n.Name}={n.Calls}")));
    }

    [TestMethod]
    public async Task CallAsync_KeyedThroughTwoChannels_EveryKeyReachesTheSameOwner()
    {
        // Arrange: the second channel lists the endpoints in another order.
        var nodes = await ChannelNode.StartManyAsync(3);
        await using var _ = new Nodes(nodes);
        await using var first = RpcChannel.ForEndPoints(nodes.Select(n => (EndPoint)n.EndPoint));
        await using var second = RpcChannel.ForEndPoints(nodes.Reverse().Select(n => (EndPoint)n.EndPoint));
        var seen = new HashSet<string?>();

        // Act / Assert
        for (var i = 0; i < 300; i++)
        {
            var key = $"key.{i}";
            var options = new RpcCallOptions { RoutingKey = key };
            var a = await first.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT { Key = key }, r => r.Value, options);
            var b = await second.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT { Key = "other" }, r => r.Value, options);
            Assert.AreEqual(a, b, $"{key} reached {a} through one channel and {b} through the other.");
            Assert.AreEqual(nodes.Single(n => n.Name == a).EndPoint.ToString(), first.OwnerOf(key));
            seen.Add(a);
        }

        Assert.AreEqual(3, seen.Count, "300 keys should reach all three endpoints.");
    }

    [TestMethod]
    public async Task CallAsync_EndPointStoppedThenRestarted_EjectedThenTakesCallsAgain()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var nodes = await ChannelNode.StartManyAsync(3);
        await using var _ = new Nodes(nodes);
        await using var channel = RpcChannel.ForEndPoints(nodes.Select(n => (EndPoint)n.EndPoint), new RpcChannelOptions
        {
            Client = new RpcClientOptions { TimeProvider = clock },
            ReconnectPolicy = new RpcReconnectPolicy { Delays = [TimeSpan.FromSeconds(1)], MaxJitter = TimeSpan.Zero },
        });
        await CallsAsync(channel, 30);
        var down = nodes[1];
        var ownedByDown = Enumerable.Range(0, 1000).Select(i => $"key.{i}").First(k => channel.OwnerOf(k) == down.EndPoint.ToString());

        // Act 1: stop one endpoint; its closed connection ejects it.
        await down.StopAsync();
        await ClientTestSupport.EventuallyAsync(() => channel.AvailableEndPoints.Count == 2, "the stopped endpoint is ejected");
        var callsBefore = down.Calls;
        await CallsAsync(channel, 300);
        var keyed = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() =>
            channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT(), r => r.Value, new RpcCallOptions { RoutingKey = ownedByDown }).AsTask());
        var retried = await channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT(), r => r.Value, new RpcCallOptions { RoutingKey = ownedByDown, IsIdempotent = true });

        // Assert 1
        Assert.AreEqual(callsBefore, down.Calls);
        Assert.Contains(down.EndPoint.ToString(), keyed.Message);
        Assert.AreNotEqual(down.Name, retried);

        // Act 2: start it again on its port; the next reconnect attempt (1 s on the channel's clock) brings it back.
        await down.StartAgainAsync();
        clock.Advance(TimeSpan.FromSeconds(1));
        await ClientTestSupport.EventuallyAsync(() => channel.AvailableEndPoints.Count == 3, "the restarted endpoint takes calls again");
        await CallsAsync(channel, 300);
        var owner = await channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT(), r => r.Value, new RpcCallOptions { RoutingKey = ownedByDown });

        // Assert 2
        Assert.IsTrue(down.Calls - callsBefore >= 90, $"the returned endpoint served {down.Calls - callsBefore} of 300 calls.");
        Assert.AreEqual(down.Name, owner);
    }

    [TestMethod]
    public async Task CallAsync_ConnectionRefused_OnlyIdempotentCallsGoElsewhere()
    {
        // Arrange: one endpoint refuses connections.
        var clock = new FakeTimeProvider();
        await using var node = await ChannelNode.StartAsync("live");
        var options = new RpcChannelOptions { Client = new RpcClientOptions { TimeProvider = clock } };
        await using var plain = RpcChannel.ForEndPoints([RefusingEndPoint(), node.EndPoint], options);
        await using var idempotent = RpcChannel.ForEndPoints([RefusingEndPoint(), node.EndPoint], options);

        // Act
        var plainFailures = 0;
        var idempotentFailures = 0;
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await plain.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT(), r => r.Value);
            }
            catch (RpcConnectionException)
            {
                plainFailures++;
            }

            try
            {
                await idempotent.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT(), r => r.Value, new RpcCallOptions { IsIdempotent = true });
            }
            catch (RpcConnectionException)
            {
                idempotentFailures++;
            }
        }

        // Assert: the refused endpoint fails one plain call, then is ejected.
        Assert.AreEqual(1, plainFailures);
        Assert.AreEqual(0, idempotentFailures);
        Assert.AreEqual(19, node.Calls);
    }

    [TestMethod]
    public async Task CallAsync_IdempotentRetriesOutlastTheDeadline_FailsWithTimeoutAtTheOneDeadline()
    {
        // Arrange: two endpoints that accept, read the request and close the connection 300 ms later.
        using var stop = new CancellationTokenSource(ClientTestSupport.Patience);
        var a = new ClosingListener(TimeSpan.FromMilliseconds(300), stop.Token);
        var b = new ClosingListener(TimeSpan.FromMilliseconds(300), stop.Token);
        await using var channel = RpcChannel.ForEndPoints([a.EndPoint, b.EndPoint], new RpcChannelOptions { MaxAttempts = 3 });
        var clock = Stopwatch.StartNew();

        // Act: 450 ms: the first attempt fails at 300 ms, the second gets the 150 ms left.
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT(), r => r.Value,
            new RpcCallOptions { Timeout = TimeSpan.FromMilliseconds(450), IsIdempotent = true }).AsTask());
        var elapsed = clock.Elapsed;

        // Assert
        Assert.IsTrue(elapsed >= TimeSpan.FromMilliseconds(400) && elapsed < TimeSpan.FromMilliseconds(1500), $"the call ended after {elapsed.TotalMilliseconds} ms.");
        Assert.AreEqual(1, a.Accepted, "the first endpoint should have been tried once.");
        Assert.AreEqual(1, b.Accepted, "the second endpoint should have been tried once.");
        stop.Cancel();
        await Task.WhenAll(a.Completion, b.Completion);
    }

    [TestMethod]
    public async Task RefreshAsync_ResolverChanges_NewEndPointTakesCallsAndRemovedOneNone()
    {
        // Arrange
        var nodes = await ChannelNode.StartManyAsync(3);
        await using var _ = new Nodes(nodes);
        var resolver = new ListResolver([nodes[0].EndPoint, nodes[1].EndPoint]);
        await using var channel = new RpcChannel(new RpcChannelOptions { Resolver = resolver, RefreshPeriod = Timeout.InfiniteTimeSpan });
        await CallsAsync(channel, 30);

        // Act
        resolver.EndPoints = [nodes[1].EndPoint, nodes[2].EndPoint];
        await channel.RefreshAsync();
        var before = nodes.Select(n => n.Calls).ToArray();
        await CallsAsync(channel, 60);

        // Assert
        Assert.AreEqual(before[0], nodes[0].Calls);
        Assert.AreEqual(before[1] + 30, nodes[1].Calls);
        Assert.AreEqual(before[2] + 30, nodes[2].Calls);
        CollectionAssert.AreEqual(new[] { nodes[1].EndPoint.ToString(), nodes[2].EndPoint.ToString() }, channel.EndPoints.ToArray());
    }

    [TestMethod]
    public async Task CallAsync_ConnectionFails_AsksTheResolverAgain()
    {
        // Arrange
        await using var node = await ChannelNode.StartAsync("live");
        var resolver = new ListResolver([RefusingEndPoint(), node.EndPoint]);
        await using var channel = new RpcChannel(new RpcChannelOptions { Resolver = resolver, RefreshPeriod = Timeout.InfiniteTimeSpan });

        // Act
        await CallsAsync(channel, 1, idempotent: true);
        await CallsAsync(channel, 1, idempotent: true);

        // Assert
        await ClientTestSupport.EventuallyAsync(() => resolver.Calls >= 2, "the resolver is asked again after the refused connection");
    }

    [TestMethod]
    public void Constructor_BadSettings_NameTheSetting()
    {
        var none = Assert.ThrowsExactly<ArgumentNullException>(() => new RpcChannel(new RpcChannelOptions()));
        StringAssert.Contains(none.Message, "RpcChannelOptions.Resolver");
        var attempts = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RpcChannel.ForEndPoints([new IPEndPoint(IPAddress.Loopback, 1)], new RpcChannelOptions { MaxAttempts = 0 }));
        StringAssert.Contains(attempts.Message, "RpcChannelOptions.MaxAttempts");
        Assert.ThrowsExactly<ArgumentException>(() => RpcChannel.ForEndPoints([]));
    }

    private static async Task CallsAsync(RpcChannel channel, int count, bool idempotent = false)
    {
        for (var i = 0; i < count; i++)
        {
            await channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT { Key = "k" }, r => r.Value, new RpcCallOptions { IsIdempotent = idempotent });
        }
    }

    private static IPEndPoint RefusingEndPoint()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private sealed class Nodes(ChannelNode[] nodes) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private sealed class ListResolver(EndPoint[] endPoints) : RpcResolver
    {
        private int _calls;

        public EndPoint[] EndPoints { get; set; } = endPoints;

        public int Calls => Volatile.Read(ref _calls);

        public override ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult<IReadOnlyList<EndPoint>>(EndPoints);
        }
    }

    /// <summary>Accepts up to four connections, reads from each and closes it after a delay.</summary>
    private sealed class ClosingListener
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _accepted;

        public ClosingListener(TimeSpan delay, CancellationToken cancellationToken)
        {
            _listener.Start();
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            Completion = RunAsync(delay, cancellationToken);
        }

        public IPEndPoint EndPoint { get; }

        public int Accepted => Volatile.Read(ref _accepted);

        public Task Completion { get; }

        private async Task RunAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            try
            {
                for (var i = 0; i < 4; i++)
                {
                    using var connection = await _listener.AcceptSocketAsync(cancellationToken);
                    Interlocked.Increment(ref _accepted);
                    await connection.ReceiveAsync(new byte[256], cancellationToken);
                    await Task.Delay(delay, TimeProvider.System, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _listener.Stop();
            }
        }
    }
}
