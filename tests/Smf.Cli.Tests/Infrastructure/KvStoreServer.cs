using System.Net;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>The test's <see cref="MemoryNodeService"/> served by an <see cref="RpcServer"/> on 127.0.0.1 and a free port.</summary>
internal sealed class KvStoreServer : IAsyncDisposable
{
    private readonly ShardGroup _shards;
    private readonly RpcServer _server;
    private readonly MemoryNodeService.State _state;

    private KvStoreServer(ShardGroup shards, RpcServer server, MemoryNodeService.State state)
    {
        _shards = shards;
        _server = server;
        _state = state;
    }

    public long Requests => _state.Requests;

    public string Address => ((IPEndPoint)_server.LocalEndPoint!).ToString();

    public static async Task<KvStoreServer> StartAsync(bool brokenReplies = false, bool decompress = true)
    {
        var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        var options = new RpcServerOptions { Address = IPAddress.Loopback, Port = 0, DrainTimeout = TimeSpan.FromSeconds(1) };
        if (!decompress)
        {
            options.IncomingFilters.Clear();
        }

        var server = new RpcServer(shards, options);
        var state = new MemoryNodeService.State { BrokenReplies = brokenReplies };
        server.AddService(_ => new MemoryNodeService(state));
        await server.StartAsync();
        return new KvStoreServer(shards, server, state);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _shards.DisposeAsync();
    }
}
