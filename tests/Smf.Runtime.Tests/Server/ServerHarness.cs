using System.Net;
using Smf.Server;
using Smf.Server.Internal;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Server;

/// <summary>A started <see cref="RpcServer"/> on 127.0.0.1 with a free port, serving <see cref="TestService"/>, on shards of its own.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(ShardGroup shards, RpcServer server, TestServiceState state)
    {
        Shards = shards;
        Server = server;
        State = state;
    }

    public ShardGroup Shards { get; }

    public RpcServer Server { get; }

    public TestServiceState State { get; }

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    public static async Task<ServerHarness> StartAsync(RpcTransport transport, Action<RpcServerOptions>? configure = null, int shardCount = 2, Action<ShardGroupOptions>? configureShards = null)
    {
        var options = Options(transport, configure);
        var state = new TestServiceState();
        var shards = NewShards(shardCount, configureShards);
        var server = new RpcServer(shards, options);
        server.AddService(shard => new TestService(state, shard));
        await server.StartAsync();
        return new ServerHarness(shards, server, state);
    }

    /// <summary>The options every server test starts from: 127.0.0.1, a free port, a 5 s drain.</summary>
    public static RpcServerOptions Options(RpcTransport transport, Action<RpcServerOptions>? configure = null)
    {
        var options = new RpcServerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            Transport = transport,
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Unpinned shards for one test; the test disposes them after its server.</summary>
    public static ShardGroup NewShards(int count, Action<ShardGroupOptions>? configure = null)
    {
        var options = new ShardGroupOptions { Count = count, PinToCpus = false };
        configure?.Invoke(options);
        return new ShardGroup(options);
    }

    public long Sum(Func<ShardCounters, long> field) => Server.Counters.Sum(field);

    /// <summary>Waits (bounded: 10 s) until a counter reaches a value; returns the last value seen.</summary>
    public async Task<long> WaitForAsync(Func<ShardCounters, long> field, long expected)
    {
        for (var i = 0; i < 1000; i++)
        {
            var value = Sum(field);
            if (value == expected)
            {
                return value;
            }

            await Task.Delay(10);
        }

        return Sum(field);
    }

    public async ValueTask DisposeAsync()
    {
        State.Gate.TrySetResult();
        await Server.DisposeAsync();
        await Shards.DisposeAsync();
    }
}
