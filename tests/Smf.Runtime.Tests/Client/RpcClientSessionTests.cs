using Smf.Client;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientSessionTests
{
    private const int Batch = 1024;

    [TestMethod]
    public async Task CallAsync_65537Calls_SessionsRunFrom1To65535ThenWrapTo0()
    {
        await using var server = FakeSmfServer.Echo();
        var options = Options(server);
        options.MaxCallsInFlight = Batch;
        await using var client = await ConnectAsync(options);

        await CallInBatchesAsync(client, 65_537);

        var sessions = server.Requests.Select(r => (int)r.Header.Session).ToArray();
        Assert.AreEqual(65_537, sessions.Length);
        CollectionAssert.AreEqual(Enumerable.Range(1, 65_535).ToArray(), sessions[..65_535]);
        Assert.AreEqual(0, sessions[65_535]);
        Assert.AreEqual(1, sessions[65_536]);
    }

    [TestMethod]
    public async Task CallAsync_SessionStillInFlightAtWrap_IsSkipped()
    {
        var firstCallHeld = new TaskCompletionSource<FakeConnection>();
        await using var server = new FakeSmfServer((request, connection) =>
        {
            if (request.Header.Session == 1 && !firstCallHeld.Task.IsCompleted)
            {
                firstCallHeld.SetResult(connection);
                return Task.CompletedTask;
            }

            return connection.ReplyAsync(request.Header.Session, request.Payload);
        });
        var options = Options(server);
        options.MaxCallsInFlight = Batch;
        await using var client = await ConnectAsync(options);
        var held = client.CallAsync(1, Bytes("held")).AsTask();
        var connection = await WithinPatience(firstCallHeld.Task);

        // Sessions 2..65535, then 0, then the next one: 1 is still in flight, so it must be 2.
        await CallInBatchesAsync(client, 65_536);
        var sessions = server.Requests.Select(r => (int)r.Header.Session).ToArray();
        await connection.ReplyAsync(1, Bytes("held"));
        using var heldReply = await WithinPatience(held);

        Assert.AreEqual(1, sessions.Count(s => s == 1), "Session 1 was reused while its call was in flight.");
        Assert.AreEqual(0, sessions[65_535]);
        Assert.AreEqual(2, sessions[65_536]);
        Assert.AreEqual("held", Text(heldReply));
    }

    [TestMethod]
    public async Task CallAsync_MoreCallersThanSlots_ExtraCallerWaitsUntilAReplyFreesOne()
    {
        var held = new TaskCompletionSource<FakeConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeSmfServer((request, connection) =>
        {
            if (request.Header.Session == 2)
            {
                held.TrySetResult(connection);
            }

            // Session 1 and 2 are held by the test; anything later is answered at once.
            return request.Header.Session > 2 ? connection.ReplyAsync(request.Header.Session, request.Payload) : Task.CompletedTask;
        });
        var options = Options(server);
        options.MaxCallsInFlight = 2;
        await using var client = await ConnectAsync(options);
        var first = client.CallAsync(1, Bytes("first")).AsTask();
        var second = client.CallAsync(1, Bytes("second")).AsTask();
        var connection = await WithinPatience(held.Task);

        var third = client.CallAsync(1, Bytes("third")).AsTask();
        await Task.Delay(200);
        var sentWhileFull = server.Requests.Count;
        var thirdDoneWhileFull = third.IsCompleted;
        await connection.ReplyAsync(1, Bytes("first"));
        using var thirdReply = await WithinPatience(third);
        using var firstReply = await first;
        await connection.ReplyAsync(2, Bytes("second"));
        using var secondReply = await WithinPatience(second);

        Assert.AreEqual(2, sentWhileFull, "A third call was sent while two were in flight with MaxCallsInFlight = 2.");
        Assert.IsFalse(thirdDoneWhileFull);
        Assert.AreEqual("third", Text(thirdReply));
        Assert.AreEqual("second", Text(secondReply));
    }

    [TestMethod]
    public async Task CallAsync_NoSlotFreesBeforeTheDeadline_ThrowsTimeoutException()
    {
        await using var server = new FakeSmfServer((request, connection) => Task.CompletedTask);
        var options = Options(server);
        options.MaxCallsInFlight = 1;
        await using var client = await ConnectAsync(options);
        var first = client.CallAsync(1, Bytes("never answered"), new RpcCallOptions { Timeout = TimeSpan.FromSeconds(30) }).AsTask();

        var error = await Assert.ThrowsExactlyAsync<TimeoutException>(async () => await client.CallAsync(1, Bytes("waits"), new RpcCallOptions { Timeout = TimeSpan.FromMilliseconds(100) }));

        StringAssert.Contains(error.Message, "MaxCallsInFlight");
        Assert.IsFalse(first.IsCompleted);
    }

    [TestMethod]
    public async Task CallAsync_AllSessionIdsHeldByAbandonedCalls_ClosesTheConnectionSoItCanBeRemade()
    {
        await using var server = new FakeSmfServer((request, connection) => Task.CompletedTask);
        var options = Options(server);
        options.MaxCallsInFlight = Batch;
        await using var client = await ConnectAsync(options);
        var payload = Bytes("never answered");

        // 64 rounds of 1024 calls that give up: together they hold all 65536 session ids.
        for (var round = 0; round < 64; round++)
        {
            using var giveUp = new CancellationTokenSource();
            var batch = Enumerable.Range(0, Batch).Select(_ => client.CallAsync(1, payload, new RpcCallOptions { CancellationToken = giveUp.Token }).AsTask()).ToArray();
            var sent = (round + 1) * Batch;
            await EventuallyAsync(() => server.Requests.Count >= sent, "the server receiving every request of the round");
            giveUp.Cancel();
            foreach (var call in batch)
            {
                await Assert.ThrowsAsync<OperationCanceledException>(() => WithinPatience(call));
            }
        }

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync(1, payload));
        var closed = !client.IsConnected;
        await client.ConnectAsync();

        StringAssert.Contains(error.Message, "65536 session ids");
        Assert.IsInstanceOfType<InvalidOperationException>(error.InnerException);
        Assert.IsTrue(closed);
        await EventuallyAsync(() => server.AcceptedConnections == 2, "the server accepting the second connection");
        Assert.IsTrue(client.IsConnected);
    }

    private static async Task CallInBatchesAsync(RpcClient client, int count)
    {
        var payload = Bytes("s");
        for (var done = 0; done < count;)
        {
            var size = Math.Min(Batch, count - done);
            var batch = new Task<RpcResponse>[size];
            for (var i = 0; i < size; i++)
            {
                batch[i] = client.CallAsync(1, payload).AsTask();
            }

            foreach (var reply in await WithinPatience(Task.WhenAll(batch)))
            {
                reply.Dispose();
            }

            done += size;
        }
    }
}
