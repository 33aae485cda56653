namespace Smf.Hosting;

/// <summary>Where the hosted smf server is in its life, as <see cref="SmfServer.State"/> reports it.</summary>
public enum SmfServerState
{
    /// <summary>The host has not started the server yet.</summary>
    NotStarted,

    /// <summary>The shards, the <see cref="Sharding.Sharded{T}"/> state and the services are being created.</summary>
    Starting,

    /// <summary>The server listens and serves calls.</summary>
    Serving,

    /// <summary>The host is stopping: the server waits out <see cref="SmfServerOptions.ShutdownDelay"/>, then stops accepting and lets in-flight calls finish.</summary>
    Draining,

    /// <summary>The server has stopped (or failed to start); its shard state and shards are disposed.</summary>
    Stopped,
}
