using System.Net;
using Smf.Runtime.Tests.Client;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Server;
using Smf.Server;

namespace Smf.Runtime.Tests.Balancing;

/// <summary>
/// One server of a channel test on 127.0.0.1: MemoryNode.Put answers with the request's key and the node's name as
/// the value, and counts its calls. It can be stopped and started again on the same port.
/// </summary>
internal sealed class ChannelNode : IAsyncDisposable
{
    private OwnedServer? _server;
    private int _calls;

    private ChannelNode(string name) => Name = name;

    public string Name { get; }

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public int Calls => Volatile.Read(ref _calls);

    public static async Task<ChannelNode> StartAsync(string name)
    {
        var node = new ChannelNode(name);
        await node.StartAgainAsync();
        return node;
    }

    public static async Task<ChannelNode[]> StartManyAsync(int count)
    {
        var nodes = new ChannelNode[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = await StartAsync("node" + i);
        }

        return nodes;
    }

    /// <summary>Starts the server, on the port it had before when it ran already.</summary>
    public async Task StartAgainAsync()
    {
        var server = OwnedServer.Create(1, new RpcServerOptions { Address = IPAddress.Loopback, Port = EndPoint.Port });
        server.Server.AddService(_ => new NodeService(this));
        await server.Server.StartAsync();
        EndPoint = server.Server.LocalEndPoint;
        _server = server;
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private sealed class NodeService(ChannelNode node) : RpcService
    {
        private readonly RpcMethod[] _methods = [RpcMethod.Unary<PutRequest, PutRequestT>("Put", KvEchoService.PutMethodId, (request, _) =>
        {
            Interlocked.Increment(ref node._calls);
            return new ValueTask<PutRequestT>(new PutRequestT { Key = request.Key, Value = node.Name });
        })];

        public override string Name => "MemoryNode";

        public override IReadOnlyList<RpcMethod> Methods => _methods;
    }
}
