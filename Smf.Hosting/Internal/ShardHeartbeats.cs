using Smf.Sharding;

namespace Smf.Hosting.Internal;

/// <summary>
/// Tells a stalled shard: a heartbeat is queued on every shard's loop periodically, and a shard whose heartbeat has
/// waited longer than the stall timeout is stalled (its thread is blocked, or its queue far behind).
/// </summary>
internal sealed class ShardHeartbeats : IAsyncDisposable
{
    private readonly Sharded<Beat> _beats;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _stallTimeout;
    private readonly long[] _queuedAt;
    private readonly Task[] _pending;
    private readonly object _gate = new();
    private ITimer? _timer;

    private ShardHeartbeats(Sharded<Beat> beats, TimeProvider clock, TimeSpan stallTimeout)
    {
        _beats = beats;
        _clock = clock;
        _stallTimeout = stallTimeout;
        _queuedAt = new long[beats.Count];
        _pending = [.. Enumerable.Repeat(Task.CompletedTask, beats.Count)];
    }

    public int Count => _queuedAt.Length;

    public TimeSpan StallTimeout => _stallTimeout;

    /// <summary>Creates the per-shard heartbeat targets and starts the timer (a fifth of the stall timeout).</summary>
    public static async Task<ShardHeartbeats> StartAsync(ShardGroup shards, TimeProvider clock, TimeSpan stallTimeout, CancellationToken cancellationToken)
    {
        var beats = await Sharded<Beat>.StartAsync(shards, static _ => new Beat(), cancellationToken).ConfigureAwait(false);
        var heartbeats = new ShardHeartbeats(beats, clock, stallTimeout);
        var period = stallTimeout / 5;
        heartbeats._timer = clock.CreateTimer(static s => ((ShardHeartbeats)s!).BeatAsync(), heartbeats, period, period);
        return heartbeats;
    }

    /// <summary>Queues a heartbeat on every shard that has none waiting; completes when every waiting heartbeat has run.</summary>
    public Task BeatAsync()
    {
        lock (_gate)
        {
            for (var i = 0; i < _pending.Length; i++)
            {
                if (_pending[i].IsCompleted)
                {
                    Volatile.Write(ref _queuedAt[i], _clock.GetTimestamp());
                    _pending[i] = RunAsync(i);
                }
            }

            return Task.WhenAll(_pending);
        }
    }

    /// <summary>How long the heartbeat of <paramref name="shard"/> has waited, when that is longer than the stall timeout.</summary>
    public TimeSpan? StalledFor(int shard)
    {
        var queuedAt = Volatile.Read(ref _queuedAt[shard]);
        if (queuedAt == 0)
        {
            return null;
        }

        var waited = _clock.GetElapsedTime(queuedAt);
        return waited > _stallTimeout ? waited : null;
    }

    /// <summary>Stops the timer and waits for the heartbeats queued; call it while the shards still run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        Task pending;
        lock (_gate)
        {
            pending = Task.WhenAll(_pending);
        }

        await pending.ConfigureAwait(false);
        await _beats.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(int shard)
    {
        try
        {
            await _beats.InvokeOnAsync(shard, static _ => { }).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The shards are stopping; a stopped shard is reported by the server's state, not as a stall.
        }

        Volatile.Write(ref _queuedAt[shard], 0);
    }

    /// <summary>The per-shard target of heartbeats; it holds nothing.</summary>
    internal sealed class Beat
    {
    }
}
