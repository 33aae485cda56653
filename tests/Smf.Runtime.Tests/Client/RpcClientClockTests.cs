using System.Text;
using Microsoft.Extensions.Time.Testing;
using Smf.Client;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

/// <summary>Call deadlines follow <see cref="RpcClientOptions.TimeProvider"/>: a fake clock expires them without waiting.</summary>
[TestClass]
public sealed class RpcClientClockTests
{
    [TestMethod]
    public async Task CallAsync_FakeClockPassesTheDeadline_ThrowsTimeoutExceptionWithoutRealWaiting()
    {
        var clock = new FakeTimeProvider();
        await using var server = new FakeSmfServer((request, connection) => Task.CompletedTask);
        var options = Options(server);
        options.TimeProvider = clock;
        await using var client = await ConnectAsync(options);

        var call = client.CallAsync(1, Bytes("never answered"), new RpcCallOptions { Timeout = TimeSpan.FromMinutes(5) }).AsTask();
        await EventuallyAsync(() => !server.Requests.IsEmpty, "the request reaching the server");
        clock.Advance(TimeSpan.FromMinutes(4));
        var earlyFinish = await Task.WhenAny(call, Task.Delay(200));
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));

        Assert.AreNotSame(call, earlyFinish, "The call expired before its deadline on the fake clock.");
        var error = await Assert.ThrowsExactlyAsync<TimeoutException>(() => WithinPatience(call));
        StringAssert.Contains(error.Message, "300000 ms");
        Assert.IsTrue(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_ReplyBeforeTheFakeDeadline_Completes()
    {
        var clock = new FakeTimeProvider();
        await using var server = FakeSmfServer.Echo();
        var options = Options(server);
        options.TimeProvider = clock;
        options.CallTimeout = TimeSpan.FromSeconds(1);
        await using var client = await ConnectAsync(options);

        using var reply = await client.CallAsync(1, Bytes("in time"));

        Assert.AreEqual("in time", Text(reply));
    }
    [TestMethod]
    public async Task CallAsync_ShorterDeadlineAfterLongerOnes_EachCallExpiresAtItsOwnDeadline()
    {
        var clock = new FakeTimeProvider();
        await using var server = new FakeSmfServer((request, connection) => Task.CompletedTask);
        var options = Options(server);
        options.TimeProvider = clock;
        await using var client = await ConnectAsync(options);
        var longer = new[]
        {
            client.CallAsync(1, Bytes("ten minutes"), new RpcCallOptions { Timeout = TimeSpan.FromMinutes(10) }).AsTask(),
            client.CallAsync(1, Bytes("ten minutes too"), new RpcCallOptions { Timeout = TimeSpan.FromMinutes(10) }).AsTask(),
        };
        await EventuallyAsync(() => server.Requests.Count == 2, "the longer calls reaching the server");

        var shorter = client.CallAsync(1, Bytes("one minute"), new RpcCallOptions { Timeout = TimeSpan.FromMinutes(1) }).AsTask();
        await EventuallyAsync(() => server.Requests.Count == 3, "the shorter call reaching the server");
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromMilliseconds(1));
        var shorterError = await Assert.ThrowsExactlyAsync<TimeoutException>(() => WithinPatience(shorter));
        var anyLonger = Task.WhenAny(longer);
        var earlyFinish = await Task.WhenAny(anyLonger, Task.Delay(200));
        clock.Advance(TimeSpan.FromMinutes(9));

        StringAssert.Contains(shorterError.Message, "60000 ms");
        Assert.AreNotSame(anyLonger, earlyFinish, "A ten-minute call expired at the one-minute call's deadline.");
        foreach (var call in longer)
        {
            var error = await Assert.ThrowsExactlyAsync<TimeoutException>(() => WithinPatience(call));
            StringAssert.Contains(error.Message, "600000 ms");
        }

        Assert.IsTrue(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_EarlierCallAnsweredBeforeItsDeadline_LaterCallStillGetsItsWholeTimeout()
    {
        var clock = new FakeTimeProvider();
        await using var server = new FakeSmfServer((request, connection) =>
            Encoding.UTF8.GetString(request.Payload) == "answer" ? connection.ReplyAsync(request.Header.Session, request.Payload) : Task.CompletedTask);
        var options = Options(server);
        options.TimeProvider = clock;
        options.CallTimeout = TimeSpan.FromMinutes(1);
        await using var client = await ConnectAsync(options);
        using (var answered = await client.CallAsync(1, Bytes("answer")))
        {
            Assert.AreEqual("answer", Text(answered));
        }

        clock.Advance(TimeSpan.FromSeconds(30));
        var waiting = client.CallAsync(1, Bytes("wait")).AsTask();
        await EventuallyAsync(() => server.Requests.Count == 2, "the second call reaching the server");
        clock.Advance(TimeSpan.FromSeconds(31));
        var earlyFinish = await Task.WhenAny(waiting, Task.Delay(200));
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.AreNotSame(waiting, earlyFinish, "The second call expired at the first call's deadline.");
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => WithinPatience(waiting));
        Assert.IsTrue(client.IsConnected);
    }
}
