using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Smf.Protocol;

namespace Smf.Runtime.Tests.Client;

/// <summary>
/// A raw-socket smf server for client tests: it parses request frames (checking their checksum) and hands
/// each to a callback that decides what to send back, which lets tests misbehave on purpose.
/// </summary>
internal sealed class FakeSmfServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<FakeRequest, FakeConnection, Task> _onRequest;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<FakeConnection> _connections = [];
    private readonly Task _acceptLoop;

    public FakeSmfServer(Func<FakeRequest, FakeConnection, Task> onRequest)
        : this(new IPEndPoint(IPAddress.Loopback, 0), onRequest)
    {
    }

    /// <summary>Listens on a given end point, e.g. to restart a server where a client expects it.</summary>
    public FakeSmfServer(IPEndPoint endPoint, Func<FakeRequest, FakeConnection, Task> onRequest)
    {
        _onRequest = onRequest;
        _listener = new TcpListener(endPoint);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Replies to every request with its own payload, status 200 and the same session.</summary>
    public static FakeSmfServer Echo() => new((request, connection) => connection.ReplyAsync(request.Header.Session, request.Payload));

    public IPEndPoint EndPoint { get; }

    public int AcceptedConnections => _connections.Count;

    /// <summary>Every request received, on every connection, in arrival order per connection.</summary>
    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public void AbortAllConnections()
    {
        foreach (var connection in _connections)
        {
            connection.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        AbortAllConnections();
        try
        {
            await _acceptLoop;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        foreach (var connection in _connections)
        {
            await connection.Completion;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            socket.NoDelay = true;
            var connection = new FakeConnection(socket);
            _connections.Add(connection);
            connection.Completion = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(FakeConnection connection)
    {
        var header = new byte[RpcHeader.Length];
        try
        {
            while (true)
            {
                if (!await connection.ReadExactlyAsync(header))
                {
                    return;
                }

                var parsed = RpcHeader.Read(header);
                var payload = new byte[parsed.Size];
                if (!await connection.ReadExactlyAsync(payload))
                {
                    return;
                }

                var request = new FakeRequest(parsed, payload, [.. header, .. payload]);
                Requests.Enqueue(request);
                await _onRequest(request, connection);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
        }
        finally
        {
            connection.Abort();
        }
    }
}
