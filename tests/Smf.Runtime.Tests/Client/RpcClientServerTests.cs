using System.Net;
using Smf.Client;
using Smf.Messages;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;
using Smf.Runtime.Tests.Server;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

/// <summary>The client against the real <see cref="RpcServer"/> over loopback, on both server transports.</summary>
[TestClass]
public sealed class RpcClientServerTests
{
    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task CallAsync_TypedPut_ServerEchoesTheTable(RpcTransport transport)
    {
        await using var server = await StartServerAsync(transport);
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put("key.0", "key.0.val"));

        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        Assert.AreEqual("key.0", reply.Message.Key);
        Assert.AreEqual("key.0.val", reply.Message.Value);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task CallAsync_PipelinedFromManyThreads_EveryReplyMatchesItsCall(RpcTransport transport)
    {
        await using var server = await StartServerAsync(transport);
        var options = new RpcClientOptions { EndPoint = server.Server.LocalEndPoint, MaxCallsInFlight = 64 };
        await using var client = await ConnectAsync(options);

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var batch = new Task<RpcResponse<PutRequest>>[16];
            for (var round = 0; round < 25; round++)
            {
                for (var i = 0; i < batch.Length; i++)
                {
                    batch[i] = client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put($"{worker}/{round}/{i}", "v")).AsTask();
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    using var reply = await batch[i];
                    Assert.AreEqual($"{worker}/{round}/{i}", reply.Message.Key);
                }
            }
        }));

        await WithinPatience(Task.WhenAll(workers).ContinueWith(t => t.IsCompletedSuccessfully ? 0 : throw t.Exception!.InnerException!));
    }

    [TestMethod]
    [DataRow(CompressionFlags.Zstd)]
    [DataRow(CompressionFlags.Lz4)]
    public async Task CallAsync_CompressedBothWays_RoundTripsThroughTheServerFilters(CompressionFlags compression)
    {
        IOutgoingFrameFilter Filter() => compression == CompressionFlags.Zstd ? new ZstdFrameFilter(minimumSize: 64) : new Lz4FrameFilter(minimumSize: 64);
        await using var server = await StartServerAsync(RpcTransport.Auto, options => options.OutgoingFilters.Add(Filter()));
        var clientOptions = new RpcClientOptions { EndPoint = server.Server.LocalEndPoint };
        clientOptions.OutgoingFilters.Add(Filter());
        await using var client = await ConnectAsync(clientOptions);
        var value = string.Concat(Enumerable.Repeat("a compressible value ", 300));

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put("big", value));

        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        Assert.AreEqual(CompressionFlags.None, reply.Header.Compression);
        Assert.AreEqual(value, reply.Message.Value);
    }

    [TestMethod]
    public async Task CallAsync_HandlerThrows_Returns500AndConnectionStaysOpen()
    {
        await using var server = await StartServerAsync(RpcTransport.Auto);
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        using var failed = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put("throw", "x"));
        using var next = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put("after", "x"));

        Assert.AreEqual((RpcStatus)500, failed.Status);
        Assert.AreEqual((RpcStatus)200, next.Status);
        Assert.IsTrue(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_UnknownRequestId_ServerClosesTheConnectionAndTheCallFails()
    {
        await using var server = await StartServerAsync(RpcTransport.Auto);
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync<PutRequestT, PutRequest>(PutRequestId ^ 1, Put("k", "v")));

        Assert.IsFalse(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_ServerStopped_ClientReconnectsWhenItIsBack()
    {
        var first = await StartServerAsync(RpcTransport.Auto);
        var port = first.Server.LocalEndPoint.Port;
        var options = new RpcClientOptions
        {
            EndPoint = first.Server.LocalEndPoint,
            ReconnectPolicy = new RpcReconnectPolicy { Delays = [TimeSpan.FromMilliseconds(50)], MaxJitter = TimeSpan.Zero },
        };
        await using var client = await ConnectAsync(options);
        using (await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put("k", "v")))
        {
        }

        await first.DisposeAsync();
        await EventuallyAsync(() => !client.IsConnected, "the client noticing the server stopped");
        await using var second = await StartServerAsync(RpcTransport.Auto, o => o.Port = port);
        await EventuallyAsync(() => client.IsConnected, "the client reconnecting");
        using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, Put("again", "v"));

        Assert.AreEqual("again", reply.Message.Key);
    }

    private static PutRequestT Put(string key, string value) => new() { Key = key, Value = value };

    private static async Task<OwnedServer> StartServerAsync(RpcTransport transport, Action<RpcServerOptions>? configure = null)
    {
        var server = OwnedServer.Create(2, ServerHarness.Options(transport, configure));
        server.Server.AddService(_ => new KvEchoService());
        await server.Server.StartAsync();
        return server;
    }
}
