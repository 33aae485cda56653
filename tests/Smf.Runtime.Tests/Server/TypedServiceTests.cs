using Google.FlatBuffers;
using Smf.Client;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

[TestClass]
[DoNotParallelize]
public sealed class TypedServiceTests
{
    private static readonly byte[] Garbage = [0xF0, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8];

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_InvalidRequest_Answers400CountsItAndNeverRunsTheHandler(RpcTransport transport)
    {
        await using var server = await StartAsync(transport, new TypedService());
        using var raw = await RawClient.ConnectAsync(server.Server.LocalEndPoint);
        var before = Volatile.Read(ref TypedService.HandlerCalls);

        await raw.SendFrameAsync(1, TypedService.PutId, Garbage);
        var (header, _) = await raw.ReadFrameAsync();
        await raw.SendAsync(RawClient.Frame(2, TypedService.PutId, Put("after")));
        var (next, payload) = await raw.ReadFrameAsync();

        Assert.AreEqual((uint)RpcStatus.BadRequest, header.Meta);
        Assert.AreEqual(1L, server.Server.Counters.Sum(c => c.InvalidRequests));
        Assert.AreEqual((uint)RpcStatus.Ok, next.Meta);
        Assert.AreEqual("after", Read(payload).Key);
        Assert.AreEqual(before + 1, Volatile.Read(ref TypedService.HandlerCalls), "Only the valid request reached the handler.");
    }

    [TestMethod]
    public async Task Call_ServiceTurnsVerificationOff_HandlerRunsOnAnInvalidRequest()
    {
        await using var server = await StartAsync(RpcTransport.Auto, new TypedService(verifyRequests: false));
        using var raw = await RawClient.ConnectAsync(server.Server.LocalEndPoint);

        await raw.SendFrameAsync(1, TypedService.PutId, Garbage);
        var (header, payload) = await raw.ReadFrameAsync();

        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
        Assert.AreEqual("unread", Read(payload).Key);
        Assert.AreEqual(0L, server.Server.Counters.Sum(c => c.InvalidRequests));
    }

    [TestMethod]
    public async Task Call_ServerTurnsVerificationOffAndServiceFollows_HandlerSeesTheRequest()
    {
        await using var server = await StartAsync(RpcTransport.Auto, new TypedService(), o => o.VerifyRequests = false);
        using var raw = await RawClient.ConnectAsync(server.Server.LocalEndPoint);

        await raw.SendFrameAsync(1, TypedService.PutId, Put("k"));
        var (header, payload) = await raw.ReadFrameAsync();

        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
        Assert.AreEqual("k", Read(payload).Key);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task TypedCall_HandlerThrowsRpcException_ClientThrowsRpcExceptionWithThatStatus(RpcTransport transport)
    {
        await using var server = await StartAsync(transport, new TypedService());
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint, Transport = transport });

        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            await client.CallAsync<PutRequestT, PutRequest, string?>(TypedService.PutId, new PutRequestT { Key = "throw:429" }, static r => r.Key));
        using var reply = await client.CallAsync<PutRequestT, PutRequest>(TypedService.PutId, new PutRequestT { Key = "throw:403" });

        Assert.AreEqual(RpcStatus.TooManyRequests, error.Status);
        StringAssert.Contains(error.Message, "429 (TooManyRequests)");
        Assert.AreEqual(RpcStatus.Forbidden, reply.Status);
        Assert.IsFalse(reply.IsSuccess);
        Assert.AreEqual(RpcStatus.Forbidden, Assert.ThrowsExactly<RpcException>(() => reply.EnsureSuccess()).Status);
        Assert.AreEqual(0L, server.Server.Counters.Sum(c => c.HandlerErrors), "A status exception is an answer, not a handler failure.");
    }

    [TestMethod]
    public async Task TypedCall_HandlerSetsTheStatus_ReplyCarriesItAndTheResponse()
    {
        await using var server = await StartAsync(RpcTransport.Auto, new TypedService());
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(TypedService.PutId, new PutRequestT { Key = "status:404" });

        Assert.AreEqual(RpcStatus.NotFound, reply.Status);
        Assert.AreEqual("status:404", reply.Message.Key);
        StringAssert.StartsWith(reply.Message.Value, "Typed.Put on shard ");
    }

    [TestMethod]
    public async Task TypedCall_HandlerThrowsAnotherException_Answers500AndCountsIt()
    {
        await using var server = await StartAsync(RpcTransport.Auto, new TypedService());
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            await client.CallAsync<PutRequestT, PutRequest, string?>(TypedService.PutId, new PutRequestT { Key = "crash" }, static r => r.Key));
        var value = await client.CallAsync<PutRequestT, PutRequest, string?>(TypedService.PutId, new PutRequestT { Key = "fine" }, static r => r.Key);

        Assert.AreEqual(RpcStatus.InternalError, error.Status);
        Assert.AreEqual("fine", value);
        Assert.AreEqual(1L, server.Server.Counters.Sum(c => c.HandlerErrors));
    }

    [TestMethod]
    public async Task TypedCall_ManyHandlersAwaitingAtOnce_EachReplyCarriesItsOwnResponse()
    {
        await using var server = await StartAsync(RpcTransport.Auto, new TypedService());
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        // Several rounds of 64 calls in flight, so the awaited path's pooled replies are reused across calls.
        for (var round = 0; round < 4; round++)
        {
            var keys = Enumerable.Range(0, 64).Select(i => $"r{round}-k{i}").ToArray();
            var values = await Task.WhenAll(keys.Select(key =>
                client.CallAsync<PutRequestT, PutRequest, string?>(TypedService.PutId, new PutRequestT { Key = "await:" + key }, static r => r.Key).AsTask()));

            CollectionAssert.AreEqual(keys, values);
        }
    }

    [TestMethod]
    public async Task TypedCall_HandlerThrowsAfterAwaiting_Answers500AndTheNextAwaitingCallSucceeds()
    {
        await using var server = await StartAsync(RpcTransport.Auto, new TypedService());
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            await client.CallAsync<PutRequestT, PutRequest, string?>(TypedService.PutId, new PutRequestT { Key = "await:crash" }, static r => r.Key));
        using var reply = await client.CallAsync<PutRequestT, PutRequest>(TypedService.PutId, new PutRequestT { Key = "await:fine" });

        Assert.AreEqual(RpcStatus.InternalError, error.Status);
        Assert.AreEqual("fine", reply.Message.Key);
        StringAssert.StartsWith(reply.Message.Value, "Typed.Put on shard ");
        Assert.AreEqual(1L, server.Server.Counters.Sum(c => c.HandlerErrors));
    }

    [TestMethod]
    public async Task TypedCall_ReplyThatIsNotTheExpectedTable_MessageThrowsInvalidDataExceptionWithTheReason()
    {
        // A raw handler answering bytes that are not a PutRequest: the typed client verifies before reading.
        await using var server = await StartAsync(RpcTransport.Auto, new GarbageReplyService());
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.Server.LocalEndPoint });

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(GarbageReplyService.Id, new PutRequestT { Key = "k" });

        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => reply.Message);
        StringAssert.Contains(error.Message, "not a valid PutRequest");
        StringAssert.Contains(error.Message, "verifier rejected");
    }

    private static byte[] Put(string key)
    {
        var builder = new FlatBufferBuilder(64);
        builder.Finish(PutRequestT.Pack(builder, new PutRequestT { Key = key, Value = "v" }));
        return builder.SizedByteArray();
    }

    private static PutRequest Read(byte[] payload)
    {
        var table = default(PutRequest);
        table.__init(BitConverter.ToInt32(payload), new ByteBuffer(payload));
        return table;
    }

    private static async Task<OwnedServer> StartAsync(RpcTransport transport, RpcService service, Action<RpcServerOptions>? configure = null)
    {
        var server = OwnedServer.Create(1, ServerHarness.Options(transport, configure));
        server.Server.AddService(_ => service);
        await server.Server.StartAsync();
        return server;
    }

    private sealed class GarbageReplyService : RpcService
    {
        public static readonly uint Id = RequestId.Combine(RequestId.ForService("Garbage"), 1);

        public override string Name => "Garbage";

        public override IReadOnlyList<RpcMethod> Methods { get; } =
            [new RpcMethod("Put", 1, static context => new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, Garbage)))];
    }
}
