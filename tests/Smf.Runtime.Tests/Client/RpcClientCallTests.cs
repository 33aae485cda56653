using System.Collections.Concurrent;
using Smf.Client;
using Smf.Protocol;
using Smf.Runtime.Tests.Protocol;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientCallTests
{
    [TestMethod]
    public async Task CallAsync_PutRequestVector_SendsTheExactFrameAndReadsTheReply()
    {
        var replyFrame = WireVectors.PutReplyFrame;
        await using var server = new FakeSmfServer((request, connection) => connection.SendRawAsync(replyFrame));
        await using var client = await ConnectAsync(Options(server));
        var payload = WireVectors.PutRequestFrame.AsMemory(RpcHeader.Length);

        using var reply = await client.CallAsync(PutRequestId, payload);

        Assert.IsTrue(server.Requests.TryPeek(out var request));
        CollectionAssert.AreEqual(WireVectors.PutRequestFrame, request.Frame);
        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        Assert.AreEqual((ushort)1, reply.Session);
        CollectionAssert.AreEqual(replyFrame[RpcHeader.Length..], reply.Payload.ToArray());
    }

    [TestMethod]
    public async Task CallAsync_StatusNotImplemented_ReturnsReplyWithoutThrowing()
    {
        await using var server = new FakeSmfServer((request, connection) => connection.ReplyAsync(request.Header.Session, [1, 2, 3], status: 501));
        await using var client = await ConnectAsync(Options(server));

        using var reply = await client.CallAsync(7, Bytes("x"));

        Assert.AreEqual((RpcStatus)501, reply.Status);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, reply.Payload.ToArray());
    }

    [TestMethod]
    public async Task CallAsync_RepliesInReverseOrder_EachCallGetsItsOwnReply()
    {
        const int calls = 16;
        var held = new ConcurrentQueue<(FakeConnection Connection, FakeRequest Request)>();
        await using var server = new FakeSmfServer(async (request, connection) =>
        {
            held.Enqueue((connection, request));
            if (held.Count == calls)
            {
                foreach (var (c, r) in held.Reverse())
                {
                    await c.ReplyAsync(r.Header.Session, r.Payload);
                }
            }
        });
        await using var client = await ConnectAsync(Options(server));

        var pending = Enumerable.Range(0, calls).Select(i => client.CallAsync(1, Bytes($"call {i}")).AsTask()).ToArray();
        var replies = await WithinPatience(Task.WhenAll(pending));

        for (var i = 0; i < calls; i++)
        {
            Assert.AreEqual($"call {i}", Text(replies[i]));
            replies[i].Dispose();
        }
    }

    [TestMethod]
    public async Task CallAsync_LargePayloads_RoundTripIntact()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));
        var sizes = new[] { 1, 65_519, 65_520, 65_536, 300_000, 2_000_000 };

        foreach (var size in sizes)
        {
            var payload = new byte[size];
            new Random(size).NextBytes(payload);

            using var reply = await client.CallAsync(1, payload);

            Assert.IsTrue(payload.AsSpan().SequenceEqual(reply.Payload.Span), $"A payload of {size} bytes came back changed.");
        }
    }

    [TestMethod]
    public async Task CallAsync_ManyConcurrentCallers_AllRepliesMatch()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var text = $"{worker}:{i}";
                using var reply = await client.CallAsync(1, Bytes(text));
                Assert.AreEqual(text, Text(reply));
            }
        }));

        await WithinPatience(Task.WhenAll(workers).ContinueWith(t => t.IsCompletedSuccessfully ? 0 : throw t.Exception!.InnerException!));
        Assert.IsTrue(server.Requests.All(r => r.ChecksumMatches));
    }

    [TestMethod]
    public async Task CallAsync_BurstFromOneThread_SendsSessionsInCallOrder()
    {
        const int calls = 200;
        var receivedAll = new TaskCompletionSource();
        await using var server = new FakeSmfServer((request, connection) =>
        {
            if (request.Header.Session == calls)
            {
                receivedAll.TrySetResult();
            }

            return connection.ReplyAsync(request.Header.Session, request.Payload);
        });
        await using var client = await ConnectAsync(Options(server));

        // Issue every call from one thread before awaiting any: they are queued in one burst.
        var pending = new Task<RpcResponse>[calls];
        for (var i = 0; i < calls; i++)
        {
            pending[i] = client.CallAsync(1, Bytes($"{i}")).AsTask();
        }

        var replies = await WithinPatience(Task.WhenAll(pending));

        CollectionAssert.AreEqual(Enumerable.Range(1, calls).Select(s => (ushort)s).ToArray(), server.Requests.Select(r => r.Header.Session).ToArray());
        Assert.IsTrue(replies.Select((r, i) => Text(r) == $"{i}").All(ok => ok));
    }

    [TestMethod]
    public async Task CallAsync_EmptyPayload_Throws()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));

        await Assert.ThrowsExactlyAsync<ArgumentException>(async () => await client.CallAsync(1, ReadOnlyMemory<byte>.Empty));
    }
}
