using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// A connection's replies leave as soon as its read is handled, before the shard reads the next ready connection, so
/// a client does not wait for the other connections' requests of the same loop iteration (as the C floor answers).
/// </summary>
[TestClass]
public sealed class ReplyOrderTests
{
    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task TwoConnectionsReadableTogether_FirstReplyIsSentBeforeTheSecondRequestIsHandled(RpcTransport transport)
    {
        var order = new OrderService();
        await using var server = OwnedServer.Create(1, ServerHarness.Options(transport));
        server.Server.AddService(_ => order);
        await server.Server.StartAsync();
        using var first = await RawClient.ConnectAsync(server.Server.LocalEndPoint);
        using var second = await RawClient.ConnectAsync(server.Server.LocalEndPoint);
        await WarmUpAsync(first, order);
        await WarmUpAsync(second, order);
        order.Reset();

        // Hold the shard while both requests arrive, so that one poll finds both connections readable.
        using var release = new ManualResetEventSlim();
        var held = server.Shards[0].InvokeAsync(() => release.Wait(TimeSpan.FromSeconds(10)));
        await first.SendFrameAsync(1, OrderService.Id, "one"u8);
        await second.SendFrameAsync(1, OrderService.Id, "two"u8);
        release.Set();

        // Not awaited before the replies: its continuation could run on the shard thread and post what follows to the
        // shard, which the second handler blocks.
        var replies = new[] { first.ReadFrameAsync(), second.ReadFrameAsync() };
        await Task.WhenAny(replies);
        order.FirstReplyReceived.Set();
        await Task.WhenAll(replies);
        await held;

        Assert.AreEqual(2, order.Calls);
        Assert.IsTrue(order.SecondSawFirstReply, "The first connection's reply was not sent until the second connection's request had been handled.");
        Assert.AreEqual((uint)RpcStatus.Ok, replies[0].Result.Header.Meta);
        Assert.AreEqual((uint)RpcStatus.Ok, replies[1].Result.Header.Meta);
    }

    private static async Task WarmUpAsync(RawClient client, OrderService order)
    {
        order.FirstReplyReceived.Set();
        var (header, _) = await client.CallAsync(1, OrderService.Id, "warm-up"u8.ToArray());
        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
    }

    /// <summary>Echoes; the second call after <see cref="Reset"/> waits (at most 5 s) until the test has read a reply.</summary>
    private sealed class OrderService : RpcService
    {
        private static readonly uint MethodId = RequestId.ForMethod("Answer", "test::Request", "test::Response");

        private readonly RpcMethod[] _methods;
        private int _calls;

        public OrderService() => _methods = [new RpcMethod("Answer", MethodId, Answer)];

        public static uint Id { get; } = RequestId.Combine(RequestId.ForService("OrderService"), MethodId);

        public ManualResetEventSlim FirstReplyReceived { get; } = new();

        public int Calls => Volatile.Read(ref _calls);

        public bool SecondSawFirstReply { get; private set; }

        public override string Name => "OrderService";

        public override IReadOnlyList<RpcMethod> Methods => _methods;

        public void Reset()
        {
            FirstReplyReceived.Reset();
            _calls = 0;
            SecondSawFirstReply = false;
        }

        private ValueTask<RpcReply> Answer(RpcCallContext context)
        {
            if (Interlocked.Increment(ref _calls) == 2)
            {
                SecondSawFirstReply = FirstReplyReceived.Wait(TimeSpan.FromSeconds(5));
            }

            return new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, context.Payload.Span));
        }
    }
}
