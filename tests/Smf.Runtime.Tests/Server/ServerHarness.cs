using System.Net;
using Smf.Server;
using Smf.Server.Internal;

namespace Smf.Runtime.Tests.Server;

/// <summary>A started <see cref="RpcServer"/> on 127.0.0.1 with a free port, serving <see cref="TestService"/>.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(RpcServer server, TestServiceState state)
    {
        Server = server;
        State = state;
    }

    public RpcServer Server { get; }

    public TestServiceState State { get; }

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    public static async Task<ServerHarness> StartAsync(RpcTransport transport, Action<RpcServerOptions>? configure = null)
    {
        var options = Options(transport, configure);
        var state = new TestServiceState();
        var server = new RpcServer(options);
        server.AddService(shard => new TestService(state, shard));
        await server.StartAsync();
        return new ServerHarness(server, state);
    }

    /// <summary>The options every server test starts from: 127.0.0.1, a free port, 2 unpinned shards, a 5 s drain.</summary>
    public static RpcServerOptions Options(RpcTransport transport, Action<RpcServerOptions>? configure = null)
    {
        var options = new RpcServerOptions
        {
            Address = IPAddress.Loopback,
            Port = 0,
            ShardCount = 2,
            PinShards = false,
            Transport = transport,
            DrainTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
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
    }
}
