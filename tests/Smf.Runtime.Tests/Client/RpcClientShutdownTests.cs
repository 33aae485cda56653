using System.Net;
using System.Net.Sockets;
using Smf.Client;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

/// <summary>A client closes its connection with a normal shutdown: the server reads end of stream, never a reset.</summary>
[TestClass]
public sealed class RpcClientShutdownTests
{
    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task DisposeAsync_CallInFlight_ServerReadsEndOfStreamAndTheCallFails(RpcTransport transport)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new RpcClient(new RpcClientOptions { EndPoint = listener.LocalEndPoint, Transport = transport });
        var call = client.CallAsync(1, Bytes("in flight")).AsTask();
        using var peer = await listener.AcceptAsync().WaitAsync(Patience);
        var request = new byte[16 + 9];
        for (var read = 0; read < request.Length;)
        {
            read += await peer.ReceiveAsync(request.AsMemory(read)).AsTask().WaitAsync(Patience);
        }

        await client.DisposeAsync();
        var end = await peer.ReceiveAsync(new byte[16]).WaitAsync(Patience);

        Assert.AreEqual(0, end, "The server read bytes instead of end of stream.");
        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => WithinPatience(call));
        StringAssert.Contains(error.Message, "disposed");
    }
}
