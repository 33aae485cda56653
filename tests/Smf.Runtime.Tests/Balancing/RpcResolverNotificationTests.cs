using System.Collections.Concurrent;
using System.Net;
using Smf.Balancing;
using Smf.Client;
using Smf.Runtime.Tests.Client;
using Smf.Runtime.Tests.Messages.KvStore;

namespace Smf.Runtime.Tests.Balancing;

[TestClass]
public sealed class RpcResolverNotificationTests
{
    private static readonly uint Put = ClientTestSupport.PutRequestId;

    [TestMethod]
    public async Task NotifyChanged_ResolverAnswersAnotherEndPoint_ChannelMovesWithoutTimerOrFailure()
    {
        // Arrange: no periodic refresh, so only the resolver's notice can move the channel.
        await using var first = await ChannelNode.StartAsync("first");
        await using var second = await ChannelNode.StartAsync("second");
        var resolver = new WatchingResolver([first.EndPoint]);
        await using var channel = new RpcChannel(new RpcChannelOptions { Resolver = resolver, RefreshPeriod = Timeout.InfiniteTimeSpan });
        var before = await CallAsync(channel);

        // Act
        resolver.Change([second.EndPoint]);
        var moved = await WaitUntilAsync(() => channel.EndPoints.SequenceEqual([second.EndPoint.ToString()]));
        var after = await CallAsync(channel);

        // Assert
        Assert.IsTrue(moved, $"The channel still has {string.Join(", ", channel.EndPoints)}.");
        Assert.AreEqual("first", before);
        Assert.AreEqual("second", after);
    }

    [TestMethod]
    public async Task OnConnectionFailed_EndPointStops_ResolverIsToldWhichBeforeItIsAskedAgain()
    {
        // Arrange
        await using var node = await ChannelNode.StartAsync("node");
        var resolver = new WatchingResolver([node.EndPoint]);
        await using var channel = new RpcChannel(new RpcChannelOptions { Resolver = resolver, RefreshPeriod = Timeout.InfiniteTimeSpan });
        await CallAsync(channel);
        var resolvesBefore = resolver.Resolves;

        // Act: the server stops; the next call fails to find a connected endpoint.
        await node.StopAsync();
        await Assert.ThrowsAsync<RpcConnectionException>(async () => await CallAsync(channel));
        var askedAgain = await WaitUntilAsync(() => resolver.Resolves > resolvesBefore);

        // Assert
        CollectionAssert.AreEqual(new[] { node.EndPoint.ToString() }, resolver.Failed.ToArray());
        Assert.IsTrue(askedAgain, "The channel did not ask the resolver again after the failure.");
    }

    private static ValueTask<string?> CallAsync(RpcChannel channel) =>
        channel.CallAsync<PutRequestT, PutRequest, string?>(Put, new PutRequestT { Key = "k", Value = "v" }, r => r.Value);

    /// <summary>Polls <paramref name="condition"/> every 5 ms, at most 10 s (and 2000 times).</summary>
    private static async Task<bool> WaitUntilAsync(Func<bool> condition)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (10 * TimeProvider.System.TimestampFrequency);
        for (var i = 0; i < 2000 && TimeProvider.System.GetTimestamp() < deadline && !condition(); i++)
        {
            await Task.Delay(5);
        }

        return condition();
    }

    /// <summary>A resolver over a list it is told about, like one watching configuration: <see cref="Change"/> notifies the channel.</summary>
    private sealed class WatchingResolver(EndPoint[] endPoints) : RpcResolver
    {
        private volatile EndPoint[] _endPoints = endPoints;
        private int _resolves;

        public int Resolves => Volatile.Read(ref _resolves);

        public ConcurrentQueue<string> Failed { get; } = new();

        public void Change(EndPoint[] endPoints)
        {
            _endPoints = endPoints;
            NotifyChanged();
        }

        public override ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _resolves);
            return ValueTask.FromResult<IReadOnlyList<EndPoint>>(_endPoints);
        }

        // protected internal: this assembly sees Smf.Runtime's internals.
        protected internal override void OnConnectionFailed(EndPoint endPoint) => Failed.Enqueue(endPoint.ToString()!);
    }
}
