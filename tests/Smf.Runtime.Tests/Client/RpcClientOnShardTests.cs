using Smf.Client;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Server;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Client;

/// <summary>A client made on a shard lives on that shard's loop: inside a handler, or in work submitted to a group.</summary>
[TestClass]
public sealed class RpcClientOnShardTests
{
    [TestMethod]
    public async Task CallAsync_ClientMadeInsideAHandler_DoesItsIoOnTheHandlersShard()
    {
        await using var backend = OwnedServer.Create(1, ServerHarness.Options(RpcTransport.Auto));
        backend.Server.AddService(_ => new KvEchoService());
        await backend.Server.StartAsync();
        await using var front = OwnedServer.Create(2, ServerHarness.Options(RpcTransport.Auto));
        front.Server.AddService(_ => new ForwardingService(backend.Server.LocalEndPoint));
        await front.Server.StartAsync();

        var answers = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            // A new connection each time: the front server hands them to its shards in turn.
            await using var client = new RpcClient(new RpcClientOptions { EndPoint = front.Server.LocalEndPoint });
            answers.Add(await client.CallAsync<PutRequestT, PutRequest, string?>(ForwardingService.Id, new PutRequestT { Key = $"k{i}" }, static r => r.Value));
        }

        CollectionAssert.AreEquivalent(new[] { "k0 via shard 0 on shard 0", "k1 via shard 1 on shard 1", "k2 via shard 0 on shard 0", "k3 via shard 1 on shard 1" }, answers);
    }

    [TestMethod]
    public async Task SubmitToAsync_CallsFromTheShard_CompleteThereWithNoThreadHop()
    {
        await using var server = OwnedServer.Create(1, ServerHarness.Options(RpcTransport.Auto));
        server.Server.AddService(_ => new KvEchoService());
        await server.Server.StartAsync();
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint, Shards = shards });

        var threads = await shards.SubmitToAsync(0, async () =>
        {
            var seen = new HashSet<int> { Environment.CurrentManagedThreadId };
            for (var i = 0; i < 50; i++)
            {
                using var reply = await client.CallAsync<PutRequestT, PutRequest>(KvEchoServiceRequestId, new PutRequestT { Key = $"k{i}" });
                Assert.AreEqual($"k{i}", reply.Message.Key);
                seen.Add(Environment.CurrentManagedThreadId);
            }

            return seen;
        });

        Assert.AreEqual(0, client.ShardId);
        Assert.AreEqual(1, threads.Count, "Every continuation ran on the shard's thread.");
    }

    private static uint KvEchoServiceRequestId => RequestId.Combine(RequestId.ForService("MemoryNode"), KvEchoService.PutMethodId);

    /// <summary>Answers Put by calling the backend with a client made on the handler's own shard.</summary>
    private sealed class ForwardingService(System.Net.IPEndPoint backend) : RpcService
    {
        public static readonly uint Id = RequestId.Combine(RequestId.ForService("Forwarding"), 1);

        private RpcClient? _client;

        public override string Name => "Forwarding";

        public override IReadOnlyList<RpcMethod> Methods => [RpcMethod.Unary<PutRequest, PutRequestT>("Put", 1, PutAsync)];

        private async ValueTask<PutRequestT> PutAsync(PutRequest request, RpcCallContext context)
        {
            var key = request.Key;
            _client ??= new RpcClient(new RpcClientOptions { EndPoint = backend });
            var clientShard = _client.ShardId;
            using var reply = await _client.CallAsync<PutRequestT, PutRequest>(KvEchoServiceRequestId, new PutRequestT { Key = key });
            return new PutRequestT { Key = key, Value = $"{reply.Message.Key} via shard {clientShard} on shard {Shard.CurrentId}" };
        }
    }
}
