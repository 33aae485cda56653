using Microsoft.Extensions.Time.Testing;
using Smf.Protocol;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// A connection's replies wait for the replies of the cross-shard calls its handlers made
/// (<see cref="RpcServerOptions.CrossShardReplyWait"/>), so that the replies to one read leave together: a local
/// reply read together with a request that is forwarded to the other shard is not written before the forwarded one,
/// unless the wait passes first or is zero.
/// </summary>
[TestClass]
public sealed class CrossShardReplyWaitTests
{
    private const ushort RemoteSession = 1;
    private const ushort LocalSession = 2;

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task LocalAndForwardedRequestsInOneRead_LocalReplyWaitsForTheForwardedOne(RpcTransport transport)
    {
        await using var server = await ForwardingServer.StartAsync(transport, TimeSpan.FromMinutes(1));
        using var client = await RawClient.ConnectAsync(server.EndPoint);
        await server.WarmUpAsync(client);

        // The forwarded work watches, on the other shard, for the local reply to reach the client (at most 500 ms).
        server.Service.WatchForLocalReply = true;
        await client.SendAsync(ForwardedThenLocal());
        var replies = await ReadBothAsync(client, server.Service);

        Assert.IsFalse(server.Service.SawLocalReply, "The local reply was written while the forwarded call of the same read was still out.");
        Assert.AreEqual("remote", replies[RemoteSession]);
        Assert.AreEqual("local", replies[LocalSession]);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task ForwardedCallOutstanding_WaitPasses_LocalReplyIsWrittenWithoutIt(RpcTransport transport)
    {
        var clock = new FakeTimeProvider();
        await using var server = await ForwardingServer.StartAsync(transport, TimeSpan.FromMinutes(1), clock);
        using var client = await RawClient.ConnectAsync(server.EndPoint);
        await server.WarmUpAsync(client);

        server.Service.HoldRemote();
        try
        {
            await client.SendAsync(ForwardedThenLocal());
            await server.Service.RemoteStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await server.Service.LocalHandled.Task.WaitAsync(TimeSpan.FromSeconds(10));

            // The wait counts from the shard's timestamp of the read, taken before the local handler ran.
            clock.Advance(TimeSpan.FromMinutes(2));
            var (header, payload) = await client.ReadFrameAsync();

            Assert.AreEqual(LocalSession, header.Session);
            CollectionAssert.AreEqual("local"u8.ToArray(), payload);
        }
        finally
        {
            server.Service.ReleaseRemote();
        }

        var (remoteHeader, remotePayload) = await client.ReadFrameAsync();
        Assert.AreEqual(RemoteSession, remoteHeader.Session);
        CollectionAssert.AreEqual("remote"u8.ToArray(), remotePayload);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Stream)]
    public async Task CrossShardReplyWaitZero_LocalReplyIsWrittenWhileTheForwardedCallIsOut(RpcTransport transport)
    {
        await using var server = await ForwardingServer.StartAsync(transport, TimeSpan.Zero);
        using var client = await RawClient.ConnectAsync(server.EndPoint);
        await server.WarmUpAsync(client);

        server.Service.HoldRemote();
        try
        {
            await client.SendAsync(ForwardedThenLocal());
            var (header, _) = await client.ReadFrameAsync();

            Assert.AreEqual(LocalSession, header.Session);
        }
        finally
        {
            server.Service.ReleaseRemote();
        }

        var (remoteHeader, _) = await client.ReadFrameAsync();
        Assert.AreEqual(RemoteSession, remoteHeader.Session);
    }

    [TestMethod]
    public async Task ForwardedCallThrows_RepliesAreStillWrittenTogether()
    {
        await using var server = await ForwardingServer.StartAsync(RpcTransport.Epoll, TimeSpan.FromMinutes(1));
        using var client = await RawClient.ConnectAsync(server.EndPoint);
        await server.WarmUpAsync(client);

        server.Service.RemoteThrows = true;
        await client.SendAsync(ForwardedThenLocal());
        var first = await client.ReadFrameAsync();
        var second = await client.ReadFrameAsync();

        var statuses = new[] { first, second }.ToDictionary(r => r.Header.Session, r => r.Header.Meta);
        Assert.AreEqual((uint)RpcStatus.InternalError, statuses[RemoteSession]);
        Assert.AreEqual((uint)RpcStatus.Ok, statuses[LocalSession]);
    }

    [TestMethod]
    [DataRow(-1L)]
    [DataRow(-10_000L)]
    public void CrossShardReplyWait_Negative_IsRejectedNamingTheOption(long ticks)
    {
        var options = new RpcServerOptions { CrossShardReplyWait = TimeSpan.FromTicks(ticks) };

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => options.Clone());

        StringAssert.Contains(error.Message, nameof(RpcServerOptions.CrossShardReplyWait));
    }

    [TestMethod]
    public void CrossShardReplyWait_Infinite_IsRejected()
    {
        var options = new RpcServerOptions { CrossShardReplyWait = Timeout.InfiniteTimeSpan };

        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => options.Clone());

        StringAssert.Contains(error.Message, nameof(RpcServerOptions.CrossShardReplyWait));
    }

    // Both requests in one write, so that the server reads them together.
    private static byte[] ForwardedThenLocal() =>
        [.. RawClient.Frame(RemoteSession, ForwardingService.RemoteId, "r"u8), .. RawClient.Frame(LocalSession, ForwardingService.LocalId, "l"u8)];

    private static async Task<Dictionary<ushort, string>> ReadBothAsync(RawClient client, ForwardingService service)
    {
        var replies = new Dictionary<ushort, string>();
        while (replies.Count < 2)
        {
            var (header, payload) = await client.ReadFrameAsync();
            Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
            replies[header.Session] = System.Text.Encoding.ASCII.GetString(payload);
            if (header.Session == LocalSession)
            {
                service.LocalReplyReceived.Set();
            }
        }

        return replies;
    }

    /// <summary>A server of two shards serving <see cref="ForwardingService"/>, with the shards' <see cref="Sharded{T}"/>.</summary>
    private sealed class ForwardingServer(OwnedServer owned, Sharded<object> sharded, ForwardingService service) : IAsyncDisposable
    {
        public ForwardingService Service { get; } = service;

        public System.Net.IPEndPoint EndPoint => owned.Server.LocalEndPoint;

        public static async Task<ForwardingServer> StartAsync(RpcTransport transport, TimeSpan wait, TimeProvider? clock = null)
        {
            var owned = OwnedServer.Create(
                2,
                ServerHarness.Options(transport, o => o.CrossShardReplyWait = wait),
                o => o.TimeProvider = clock ?? TimeProvider.System);
            var sharded = await Sharded<object>.StartAsync(owned.Shards, _ => new object());
            var service = new ForwardingService(sharded);
            owned.Server.AddService(_ => service);
            await owned.Server.StartAsync();
            return new ForwardingServer(owned, sharded, service);
        }

        public async Task WarmUpAsync(RawClient client)
        {
            var (remote, _) = await client.CallAsync(RemoteSession, ForwardingService.RemoteId, "w"u8.ToArray());
            var (local, _) = await client.CallAsync(LocalSession, ForwardingService.LocalId, "w"u8.ToArray());
            Assert.AreEqual((uint)RpcStatus.Ok, remote.Meta);
            Assert.AreEqual((uint)RpcStatus.Ok, local.Meta);
        }

        public async ValueTask DisposeAsync()
        {
            Service.ReleaseRemote();
            await owned.Server.DisposeAsync();
            await sharded.DisposeAsync();
            await owned.Shards.DisposeAsync();
        }
    }

    /// <summary>
    /// <c>Local</c> answers at once on the connection's shard; <c>Remote</c> first runs a step on the other shard with
    /// <see cref="Sharded{T}.InvokeOnAsync{TState, TResult}(int, TState, Func{T, TState, TResult})"/>, which can wait
    /// there for the test.
    /// </summary>
    private sealed class ForwardingService : RpcService
    {
        private static readonly uint LocalMethod = RequestId.ForMethod("Local", "test::Request", "test::Response");
        private static readonly uint RemoteMethod = RequestId.ForMethod("Remote", "test::Request", "test::Response");

        private readonly Sharded<object> _sharded;
        private readonly RpcMethod[] _methods;
        private readonly ManualResetEventSlim _release = new(true);

        public ForwardingService(Sharded<object> sharded)
        {
            _sharded = sharded;
            _methods = [new RpcMethod("Local", LocalMethod, Local), new RpcMethod("Remote", RemoteMethod, RemoteAsync)];
        }

        public static uint LocalId { get; } = RequestId.Combine(RequestId.ForService("ForwardingService"), LocalMethod);

        public static uint RemoteId { get; } = RequestId.Combine(RequestId.ForService("ForwardingService"), RemoteMethod);

        public override string Name => "ForwardingService";

        public override IReadOnlyList<RpcMethod> Methods => _methods;

        public ManualResetEventSlim LocalReplyReceived { get; } = new();

        public TaskCompletionSource RemoteStarted { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource LocalHandled { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public volatile bool WatchForLocalReply;

        public volatile bool RemoteThrows;

        public bool SawLocalReply { get; private set; }

        public void HoldRemote()
        {
            RemoteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            LocalHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release.Reset();
        }

        public void ReleaseRemote() => _release.Set();

        private ValueTask<RpcReply> Local(RpcCallContext context)
        {
            LocalHandled.TrySetResult();
            return new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, "local"u8));
        }

        private async ValueTask<RpcReply> RemoteAsync(RpcCallContext context)
        {
            var other = (context.ShardId + 1) % _sharded.Count;
            await _sharded.InvokeOnAsync(other, this, static (_, service) => service.OnOtherShard());
            return context.Reply(RpcStatus.Ok, "remote"u8);
        }

        private bool OnOtherShard()
        {
            RemoteStarted.TrySetResult();
            if (WatchForLocalReply)
            {
                WatchForLocalReply = false;
                SawLocalReply = LocalReplyReceived.Wait(TimeSpan.FromMilliseconds(500));
            }

            _release.Wait(TimeSpan.FromSeconds(10));
            if (RemoteThrows)
            {
                RemoteThrows = false;
                throw new InvalidOperationException("The forwarded step failed.");
            }

            return true;
        }
    }
}
