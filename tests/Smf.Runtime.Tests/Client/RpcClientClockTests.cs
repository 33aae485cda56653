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
}
