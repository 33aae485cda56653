using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Server;

/// <summary>A server together with the shards it runs on, disposed in that order.</summary>
internal sealed class OwnedServer(ShardGroup shards, RpcServer server) : IAsyncDisposable
{
    public ShardGroup Shards { get; } = shards;

    public RpcServer Server { get; } = server;

    public static OwnedServer Create(int shardCount, RpcServerOptions options, Action<ShardGroupOptions>? configureShards = null)
    {
        var shards = ServerHarness.NewShards(shardCount, configureShards);
        try
        {
            return new OwnedServer(shards, new RpcServer(shards, options));
        }
        catch
        {
            shards.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Shards.DisposeAsync();
    }
}
