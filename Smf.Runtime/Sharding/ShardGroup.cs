using Smf.Sharding.Internal;

namespace Smf.Sharding;

/// <summary>
/// The shards of an <see cref="Server.RpcServer"/>: one dedicated thread per shard, each running its own event
/// loop (never the thread pool). Pass it to <see cref="Sharded{T}.StartAsync(ShardGroup, Func{int, T}, CancellationToken)"/>
/// to place one object on every shard.
/// </summary>
public sealed class ShardGroup
{
    private readonly ShardLoop[] _loops;
    private readonly Action<int, Exception> _onUnhandled;

    internal ShardGroup(int count, Func<int, IShardPoller> pollerFactory, TimeSpan idlePoll, bool pin, Action<int, Exception> onUnhandled)
    {
        _onUnhandled = onUnhandled;
        _loops = new ShardLoop[count];
        // Pin shard i to the i-th CPU this process may use (a container's cpuset need not start at 0).
        var cpus = pin && OperatingSystem.IsLinux() ? LinuxInterop.AllowedCpus() : [];
        var pinToCpu = cpus.Length > 0 && count <= cpus.Length;
        for (var i = 0; i < count; i++)
        {
            _loops[i] = new ShardLoop(this, i, pollerFactory(i), idlePoll, pinToCpu ? cpus[i] : null);
        }

        foreach (var loop in _loops)
        {
            loop.Start();
        }
    }

    /// <summary>The number of shards; shard ids run from 0 to <c>Count - 1</c>.</summary>
    public int Count => _loops.Length;

    internal ShardLoop this[int shard] => _loops[shard];

    internal ShardLoop GetLoop(int shard)
    {
        if ((uint)shard >= (uint)_loops.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"The shard id {shard} is out of range: this group has shards 0 to {_loops.Length - 1}.");
        }

        return _loops[shard];
    }

    internal void ReportUnhandled(int shard, Exception exception) => _onUnhandled(shard, exception);

    /// <summary>Stops every loop after the work already queued, and waits for the threads to exit.</summary>
    internal async Task StopAsync()
    {
        foreach (var loop in _loops)
        {
            loop.RequestStop();
        }

        foreach (var loop in _loops)
        {
            await loop.Stopped.ConfigureAwait(false);
        }
    }
}
