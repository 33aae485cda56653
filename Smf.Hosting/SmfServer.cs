using System.Net;
using Smf.Hosting.Internal;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Hosting;

/// <summary>
/// The hosted smf server as the rest of the application sees it: its state, the address it listens on and its
/// shards. A singleton of the host's services; the host starts and stops the server, nothing else does.
/// </summary>
/// <remarks>
/// When the host starts, it creates the <see cref="ShardGroup"/>, then every <see cref="Sharded{T}"/> registered with
/// <see cref="SmfServerBuilder.AddSharded{T}()"/> (in registration order), then the <see cref="RpcServer"/> with one
/// instance of each service per shard, and listens. When the host stops, the server stops accepting, lets in-flight
/// calls finish within the host's shutdown timeout, disposes the sharded state (in reverse order, each instance on its
/// shard), and disposes the shards last.
/// </remarks>
public sealed class SmfServer
{
    private volatile SmfServerState _state;
    private volatile ShardGroup? _shards;
    private volatile RpcServer? _server;
    private IPEndPoint? _localEndPoint;

    internal SmfServer()
    {
    }

    /// <summary>Where the server is in its life; changes on the host's start and stop.</summary>
    public SmfServerState State => _state;

    /// <summary>The address and port the server listens on (the real port when <see cref="SmfServerOptions.Port"/> is 0).</summary>
    /// <exception cref="InvalidOperationException">The server has not started listening.</exception>
    public IPEndPoint LocalEndPoint => _localEndPoint
        ?? throw new InvalidOperationException("The smf server has no local endpoint until the host has started it.");

    /// <summary>The shards the server and its <see cref="Sharded{T}"/> state run on, owned by the host.</summary>
    /// <exception cref="InvalidOperationException">The host has not started the server, or has stopped it.</exception>
    public ShardGroup Shards => _shards
        ?? throw new InvalidOperationException("The smf server's shards exist only while the host runs: from its start to its stop.");

    /// <summary>The names of the services the server routes to (the health service included when enabled).</summary>
    public IReadOnlyList<string> ServiceNames { get; internal set; } = [];

    internal RpcServer? RpcServer => _server;

    internal ShardHeartbeats? Heartbeats { get; set; }

    internal void OnStarting(ShardGroup shards)
    {
        _shards = shards;
        _state = SmfServerState.Starting;
    }

    internal void OnServing(RpcServer server)
    {
        _server = server;
        _localEndPoint = server.LocalEndPoint;
        _state = SmfServerState.Serving;
    }

    internal void OnDraining() => _state = SmfServerState.Draining;

    internal void OnStopped()
    {
        _state = SmfServerState.Stopped;
        _server = null;
        _shards = null;
        Heartbeats = null;
    }
}
