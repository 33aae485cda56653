using System.Net;
using System.Net.Sockets;
using Smf.Client;
using Smf.Protocol;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientConnectionTests
{
    [TestMethod]
    public async Task ConnectAsync_NothingListening_ThrowsRpcConnectionExceptionWithSocketCause()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var endPoint = (IPEndPoint)listener.LocalEndpoint;
        listener.Stop();
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = endPoint });

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => client.ConnectAsync());

        Assert.IsInstanceOfType<SocketException>(error.InnerException);
        StringAssert.Contains(error.Message, endPoint.ToString());
        Assert.IsFalse(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_NotConnectedYet_TheFirstCallConnects()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = new RpcClient(Options(server));

        using var reply = await client.CallAsync(1, Bytes("x"));

        Assert.AreEqual("x", Text(reply));
        Assert.IsTrue(client.IsConnected);
        Assert.AreEqual(1, server.AcceptedConnections);
    }

    [TestMethod]
    public async Task CallAsync_NoServerListening_ThrowsRpcConnectionException()
    {
        int port;
        await using (var gone = FakeSmfServer.Echo())
        {
            port = gone.EndPoint.Port;
        }

        await using var client = new RpcClient(new RpcClientOptions { EndPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port) });

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync(1, Bytes("x")));

        StringAssert.Contains(error.Message, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.IsInstanceOfType<System.Net.Sockets.SocketException>(error.InnerException);
    }

    [TestMethod]
    public async Task CallAsync_ServerDropsConnection_EveryPendingCallFailsWithTheCauseAndTheNextCallReconnects()
    {
        await using var server = new FakeSmfServer((request, connection) =>
        {
            if (System.Text.Encoding.UTF8.GetString(request.Payload) == "after")
            {
                return connection.ReplyAsync(request.Header.Session, request.Payload);
            }

            if (request.Header.Session == 3)
            {
                connection.Abort();
            }

            return Task.CompletedTask;
        });
        await using var client = await ConnectAsync(Options(server));

        var calls = Enumerable.Range(0, 3).Select(i => client.CallAsync(1, Bytes($"{i}")).AsTask()).ToArray();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => WithinPatience(call));
            Assert.IsNotNull(error.InnerException);
            StringAssert.Contains(error.Message, server.EndPoint.Port.ToString());
        }

        Assert.IsFalse(client.IsConnected);
        using var after = await client.CallAsync(1, Bytes("after"));
        Assert.AreEqual("after", Text(after));
        Assert.AreEqual(2, server.AcceptedConnections);
    }

    [TestMethod]
    public async Task CallAsync_ServerClosesMidReply_PendingCallFails()
    {
        await using var server = new FakeSmfServer(async (request, connection) =>
        {
            var frame = FakeConnection.Frame(request.Header.Session, new byte[100]);
            await connection.SendRawAsync(frame[..50]);
            connection.Abort();
        });
        await using var client = await ConnectAsync(Options(server));

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync(1, Bytes("x")));

        Assert.IsNotNull(error.InnerException);
    }

    [TestMethod]
    public async Task ConnectAsync_AfterConnectionFailed_ReconnectsAndCallsWork()
    {
        var dropFirst = true;
        await using var server = new FakeSmfServer((request, connection) =>
        {
            if (dropFirst)
            {
                dropFirst = false;
                connection.Abort();
                return Task.CompletedTask;
            }

            return connection.ReplyAsync(request.Header.Session, request.Payload);
        });
        await using var client = await ConnectAsync(Options(server));
        await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync(1, Bytes("dropped")));

        await client.ConnectAsync();
        using var reply = await client.CallAsync(1, Bytes("again"));

        Assert.AreEqual("again", Text(reply));
        Assert.AreEqual((ushort)1, reply.Session, "A new connection starts its sessions at 1.");
        Assert.AreEqual(2, server.AcceptedConnections);
    }

    [TestMethod]
    public async Task ReconnectPolicy_ConnectionDropped_ClientReconnectsInTheBackground()
    {
        await using var server = FakeSmfServer.Echo();
        var options = Options(server);
        options.ReconnectPolicy = new RpcReconnectPolicy { Delays = [TimeSpan.FromMilliseconds(50)], MaxJitter = TimeSpan.Zero };
        await using var client = await ConnectAsync(options);
        using (await client.CallAsync(1, Bytes("before")))
        {
        }

        server.AbortAllConnections();
        await EventuallyAsync(() => server.AcceptedConnections == 2 && client.IsConnected, "the client reconnecting");
        using var reply = await client.CallAsync(1, Bytes("after"));

        Assert.AreEqual("after", Text(reply));
    }

    [TestMethod]
    public async Task ReconnectPolicy_ServerDownForAWhile_KeepsRetryingUntilItIsBack()
    {
        var first = FakeSmfServer.Echo();
        var endPoint = first.EndPoint;
        var options = new RpcClientOptions
        {
            EndPoint = endPoint,
            ReconnectPolicy = new RpcReconnectPolicy { Delays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50)], MaxJitter = TimeSpan.FromMilliseconds(10) },
        };
        await using var client = await ConnectAsync(options);

        await first.DisposeAsync();
        await EventuallyAsync(() => !client.IsConnected, "the client noticing the server is gone");
        await Task.Delay(300);
        await using var second = new FakeSmfServer(endPoint, (request, connection) => connection.ReplyAsync(request.Header.Session, request.Payload));
        await EventuallyAsync(() => client.IsConnected, "the client reconnecting to the restarted server");
        using var reply = await client.CallAsync(1, Bytes("back"));

        Assert.AreEqual("back", Text(reply));
    }

    [TestMethod]
    public async Task DisposeAsync_CallsPending_FailWithRpcConnectionException()
    {
        await using var server = new FakeSmfServer((request, connection) => Task.CompletedTask);
        var client = await ConnectAsync(Options(server));
        var call = client.CallAsync(1, Bytes("x")).AsTask();
        await EventuallyAsync(() => !server.Requests.IsEmpty, "the request reaching the server");

        await client.DisposeAsync();

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => WithinPatience(call));
        Assert.IsInstanceOfType<ObjectDisposedException>(error.InnerException);
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(async () => await client.CallAsync(1, Bytes("y")));
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => client.ConnectAsync());
    }

    [TestMethod]
    public async Task Constructor_OptionsChangedAfterwards_ClientKeepsItsCopy()
    {
        await using var server = FakeSmfServer.Echo();
        var options = Options(server);
        await using var client = await ConnectAsync(options);

        options.OutgoingFilters.Add(new Smf.Protocol.Filters.ZstdFrameFilter(minimumSize: 0));
        options.MaxCallsInFlight = 1;
        using var reply = await client.CallAsync(1, new byte[600]);

        Assert.IsTrue(server.Requests.TryPeek(out var sent));
        Assert.AreEqual(Smf.Protocol.CompressionFlags.None, sent.Header.Compression);
        Assert.AreEqual(1024, client.MaxCallsInFlight);
    }

    [TestMethod]
    public void Constructor_InvalidOptions_ThrowArgumentExceptions()
    {
        var endPoint = new IPEndPoint(IPAddress.Loopback, 1);

        Assert.ThrowsExactly<ArgumentNullException>(() => new RpcClient(new RpcClientOptions()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RpcClient(new RpcClientOptions { EndPoint = endPoint, MaxCallsInFlight = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RpcClient(new RpcClientOptions { EndPoint = endPoint, MaxCallsInFlight = 65_537 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RpcClient(new RpcClientOptions { EndPoint = endPoint, CallTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RpcClient(new RpcClientOptions { EndPoint = endPoint, MaxReplyPayloadSize = 0 }));
        Assert.ThrowsExactly<ArgumentException>(() => new RpcClient(new RpcClientOptions { EndPoint = endPoint, ReconnectPolicy = new RpcReconnectPolicy { Delays = [] } }));
    }
}
