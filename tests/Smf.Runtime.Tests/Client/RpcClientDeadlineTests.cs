using Smf.Client;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientDeadlineTests
{
    [TestMethod]
    public async Task CallAsync_ServerNeverReplies_ThrowsTimeoutExceptionAndConnectionStaysUsable()
    {
        await using var server = new FakeSmfServer((request, connection) =>
            request.Header.Session == 1 ? Task.CompletedTask : connection.ReplyAsync(request.Header.Session, request.Payload));
        await using var client = await ConnectAsync(Options(server));

        var error = await Assert.ThrowsExactlyAsync<TimeoutException>(async () => await client.CallAsync(1, Bytes("lost"), new RpcCallOptions { Timeout = TimeSpan.FromMilliseconds(100) }));
        using var next = await client.CallAsync(1, Bytes("next"));

        StringAssert.Contains(error.Message, "session 1");
        Assert.AreEqual("next", Text(next));
        Assert.IsTrue(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_LateReplyForExpiredCall_IsDroppedAndNotGivenToTheNextCall()
    {
        var firstArrived = new TaskCompletionSource<FakeConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new FakeSmfServer((request, connection) =>
        {
            if (request.Header.Session == 1)
            {
                firstArrived.TrySetResult(connection);
                return Task.CompletedTask;
            }

            return connection.ReplyAsync(request.Header.Session, Bytes("fresh"));
        });
        var options = Options(server);
        options.MaxCallsInFlight = 1;
        await using var client = await ConnectAsync(options);
        await Assert.ThrowsExactlyAsync<TimeoutException>(async () => await client.CallAsync(1, Bytes("old"), new RpcCallOptions { Timeout = TimeSpan.FromMilliseconds(100) }));
        var connection = await WithinPatience(firstArrived.Task);

        await connection.ReplyAsync(1, Bytes("late"));
        using var next = await client.CallAsync(1, Bytes("new"));
        using var after = await client.CallAsync(1, Bytes("newer"));

        Assert.AreEqual("fresh", Text(next));
        Assert.AreEqual("fresh", Text(after));
        Assert.AreEqual((ushort)2, next.Session);
        Assert.IsTrue(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_TokenCanceledWhileWaiting_ThrowsOperationCanceledException()
    {
        await using var server = new FakeSmfServer((request, connection) => Task.CompletedTask);
        await using var client = await ConnectAsync(Options(server));
        using var cancel = new CancellationTokenSource();

        var call = client.CallAsync(1, Bytes("x"), new RpcCallOptions { CancellationToken = cancel.Token }).AsTask();
        await EventuallyAsync(() => !server.Requests.IsEmpty, "the request reaching the server");
        cancel.Cancel();

        var error = await Assert.ThrowsAsync<OperationCanceledException>(() => WithinPatience(call));
        Assert.AreEqual(cancel.Token, error.CancellationToken);
        Assert.IsTrue(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_TokenAlreadyCanceled_ThrowsWithoutSending()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));

        await Assert.ThrowsAsync<OperationCanceledException>(async () => await client.CallAsync(1, Bytes("x"), new RpcCallOptions { CancellationToken = new CancellationToken(true) }));
        using var reply = await client.CallAsync(1, Bytes("y"));

        Assert.AreEqual(1, server.Requests.Count);
        Assert.AreEqual("y", Text(reply));
    }

    [TestMethod]
    public async Task CallAsync_CanceledCallsReleaseTheirSlots_LaterCallsStillRun()
    {
        await using var server = new FakeSmfServer((request, connection) =>
            request.Header.Session <= 4 ? Task.CompletedTask : connection.ReplyAsync(request.Header.Session, request.Payload));
        var options = Options(server);
        options.MaxCallsInFlight = 4;
        await using var client = await ConnectAsync(options);
        using var cancel = new CancellationTokenSource();
        var abandoned = Enumerable.Range(0, 4).Select(_ => client.CallAsync(1, Bytes("x"), new RpcCallOptions { CancellationToken = cancel.Token }).AsTask()).ToArray();
        await EventuallyAsync(() => server.Requests.Count == 4, "four requests reaching the server");

        cancel.Cancel();
        foreach (var call in abandoned)
        {
            await Assert.ThrowsAsync<OperationCanceledException>(() => WithinPatience(call));
        }

        using var reply = await client.CallAsync(1, Bytes("after"), new RpcCallOptions { Timeout = TimeSpan.FromSeconds(10) });

        Assert.AreEqual("after", Text(reply));
        Assert.AreEqual((ushort)5, reply.Session);
    }

    [TestMethod]
    public async Task CallAsync_InvalidTimeout_Throws()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));

        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(async () => await client.CallAsync(1, Bytes("x"), new RpcCallOptions { Timeout = TimeSpan.FromSeconds(-2) }));
    }
}
