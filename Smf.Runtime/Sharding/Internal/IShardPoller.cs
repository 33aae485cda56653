namespace Smf.Sharding.Internal;

/// <summary>How a shard loop sleeps: waits for I/O readiness or a wake-up, and dispatches I/O events.</summary>
internal interface IShardPoller : IDisposable
{
    /// <summary>Waits up to <paramref name="timeoutMilliseconds"/> (-1: forever, 0: just look) and dispatches what is ready.</summary>
    /// <returns><see langword="true"/> when at least one I/O event was dispatched.</returns>
    bool Poll(int timeoutMilliseconds);

    /// <summary>Makes a sleeping <see cref="Poll"/> return. Thread-safe.</summary>
    void Wake();
}
