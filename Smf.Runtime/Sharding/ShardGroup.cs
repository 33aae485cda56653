using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smf.Sharding.Internal;

namespace Smf.Sharding;

/// <summary>
/// A set of shards, the counterpart of Seastar's <c>smp</c>: one dedicated thread per shard, each running its own
/// event loop (never the thread pool). Servers, <see cref="Sharded{T}"/> and clients are given a group; whoever
/// creates it owns it and disposes it after them.
/// </summary>
/// <remarks>
/// Creating a group starts its threads; <see cref="DisposeAsync"/> lets each loop finish the work already queued and
/// waits for the threads to exit. A client created without a group uses a one-shard group the process owns.
/// </remarks>
public sealed class ShardGroup : IAsyncDisposable
{
    private static readonly Lazy<ShardGroup> s_process = new(
        () => new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false }, "smf client"),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ShardLoop[] _loops;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private Task? _stopped;
    private int _nextLoop;

    /// <summary>Creates the shards and starts their threads.</summary>
    /// <param name="options">The settings, copied and validated now; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    public ShardGroup(ShardGroupOptions? options = null)
        : this((options ?? new ShardGroupOptions()).Clone(), "smf shard")
    {
    }

    private ShardGroup(ShardGroupOptions options, string threadName)
    {
        Options = options;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ShardGroup>();
        _loops = new ShardLoop[options.Count];
        // Pin shard i to the i-th CPU this process may use (a container's cpuset need not start at 0).
        var cpus = options.PinToCpus && OperatingSystem.IsLinux() ? LinuxInterop.AllowedCpus() : [];
        var pinToCpu = cpus.Length > 0 && options.Count <= cpus.Length;
        for (var i = 0; i < _loops.Length; i++)
        {
            var shard = i;
            IShardPoller poller = UsesEpoll
                ? new EpollPoller(e => ShardingLog.UnhandledException(_logger, shard, e))
                : new WaitHandlePoller();
            _loops[i] = new ShardLoop(this, i, poller, options.IdlePollDuration, pinToCpu ? cpus[i] : null, $"{threadName} {i}");
        }

        foreach (var loop in _loops)
        {
            loop.Start();
        }

        foreach (var loop in _loops)
        {
            if (loop.PinError != 0)
            {
                ShardingLog.PinFailed(_logger, loop.Id, loop.Cpu ?? -1, loop.PinError);
            }
        }
    }

    /// <summary>The number of shards; shard ids run from 0 to <c>Count - 1</c>.</summary>
    public int Count => _loops.Length;

    /// <summary>Whether the shards poll with epoll (Linux), which the epoll transport needs.</summary>
    internal static bool UsesEpoll => OperatingSystem.IsLinux();

    /// <summary>The one-shard group that clients created without a group, off any shard, run on. Never disposed.</summary>
    internal static ShardGroup Process => s_process.Value;

    internal ShardGroupOptions Options { get; }

    internal TimeProvider TimeProvider => Options.TimeProvider;

    internal ShardLoop this[int shard] => _loops[shard];

    /// <summary>Stops every loop after the work already queued and waits for the threads to exit. Idempotent.</summary>
    /// <returns>Completes when every shard thread has exited.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopped ??= StopAsync();
            return new ValueTask(_stopped);
        }
    }

    /// <summary>
    /// Runs <paramref name="func"/> on shard <paramref name="shard"/>, the counterpart of Seastar's
    /// <c>smp::submit_to</c>: it starts on that shard's thread, and its awaits resume there. Clients created inside it
    /// do their I/O on that shard with no thread hop. For per-shard objects, <see cref="Sharded{T}"/> is the better fit.
    /// </summary>
    /// <typeparam name="TResult">What <paramref name="func"/> returns.</typeparam>
    /// <param name="shard">The shard id, 0 to <see cref="Count"/> - 1.</param>
    /// <param name="func">The work; its exceptions fault the returned task.</param>
    /// <returns>Completes with the result of <paramref name="func"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The group was disposed.</exception>
    public Task<TResult> SubmitToAsync<TResult>(int shard, Func<Task<TResult>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var loop = GetLoop(shard);
        var completion = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(
            static async state =>
            {
                var (work, done) = ((Func<Task<TResult>>, TaskCompletionSource<TResult>))state!;
                try
                {
                    done.SetResult(await work().ConfigureAwait(true));
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            },
            (func, completion));
        return completion.Task;
    }

    internal ShardLoop GetLoop(int shard)
    {
        if ((uint)shard >= (uint)_loops.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), shard, $"The shard id {shard} is out of range: this group has shards 0 to {_loops.Length - 1}.");
        }

        return _loops[shard];
    }

    /// <summary>The next loop in round-robin order, for work that may run on any shard.</summary>
    internal ShardLoop NextLoop() => _loops[(int)((uint)Interlocked.Increment(ref _nextLoop) % (uint)_loops.Length)];

    internal void ReportUnhandled(int shard, Exception exception) => ShardingLog.UnhandledException(_logger, shard, exception);

    private async Task StopAsync()
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
