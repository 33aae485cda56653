using System.Collections.Concurrent;
using System.Diagnostics;

namespace Smf.Sharding.Internal;

/// <summary>
/// One shard: a dedicated thread running an event loop that drains posted work, polls its own I/O, runs its
/// periodic timers and then its end-of-iteration hooks (where connections flush their coalesced writes).
/// </summary>
internal sealed class ShardLoop
{
    [ThreadStatic]
    private static ShardLoop? t_current;

    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly List<Action> _iterationHooks = [];
    private readonly List<PeriodicTimer> _timers = [];
    private readonly Thread _thread;
    private readonly long _idlePollTicks;
    private readonly int? _cpu;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sleeping;
    private volatile bool _stopRequested;
    private volatile bool _closed;

    public ShardLoop(ShardGroup group, int id, IShardPoller poller, TimeSpan idlePoll, int? cpu)
    {
        Group = group;
        Id = id;
        Poller = poller;
        _cpu = cpu;
        _idlePollTicks = (long)(idlePoll.TotalSeconds * Stopwatch.Frequency);
        SynchronizationContext = new ShardSynchronizationContext(this);
        _thread = new Thread(Run) { IsBackground = true, Name = $"smf shard {id}" };
    }

    /// <summary>The loop whose thread is running, or null off shard threads.</summary>
    public static ShardLoop? Current => t_current;

    public ShardGroup Group { get; }

    public int Id { get; }

    public IShardPoller Poller { get; }

    public ShardSynchronizationContext SynchronizationContext { get; }

    /// <summary>Completes when the thread has left its loop.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>The CPU this shard pins itself to, or null when it does not pin.</summary>
    public int? Cpu => _cpu;

    /// <summary>The errno of a failed pin, or 0.</summary>
    public int PinError { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Queues <paramref name="callback"/> to run on this loop; wakes the loop only when it sleeps. Thread-safe.</summary>
    /// <exception cref="ObjectDisposedException">The loop has stopped.</exception>
    public void Post(SendOrPostCallback callback, object? state)
    {
        if (_closed)
        {
            throw new ObjectDisposedException($"smf shard {Id}", $"Shard {Id} has stopped; no more work can be sent to it.");
        }

        _queue.Enqueue((callback, state));
        if (Volatile.Read(ref _sleeping) != 0)
        {
            Poller.Wake();
        }
    }

    /// <summary>Like <see cref="Post"/>, but returns <see langword="false"/> instead of throwing once the loop has stopped.</summary>
    public bool TryPost(SendOrPostCallback callback, object? state)
    {
        if (_closed)
        {
            return false;
        }

        _queue.Enqueue((callback, state));
        if (Volatile.Read(ref _sleeping) != 0)
        {
            Poller.Wake();
        }

        return true;
    }

    /// <summary>Runs <paramref name="action"/> on this loop and completes with its outcome (control paths only: allocates).</summary>
    public Task InvokeAsync(Action action)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(
            _ =>
            {
                try
                {
                    action();
                    completion.SetResult();
                }
                catch (Exception e)
                {
                    completion.SetException(e);
                }
            },
            null);
        return completion.Task;
    }

    /// <summary>Adds a hook run at the end of every loop iteration. Call on the shard thread.</summary>
    public void AddIterationHook(Action hook)
    {
        Debug.Assert(Current == this, "Hooks are added on the shard thread.");
        _iterationHooks.Add(hook);
    }

    /// <summary>Adds a callback run every <paramref name="interval"/>. Call on the shard thread.</summary>
    public void AddTimer(TimeSpan interval, Action callback)
    {
        Debug.Assert(Current == this, "Timers are added on the shard thread.");
        var ticks = Math.Max(1, (long)(interval.TotalSeconds * Stopwatch.Frequency));
        _timers.Add(new PeriodicTimer(ticks, Stopwatch.GetTimestamp() + ticks, callback));
    }

    /// <summary>Asks the loop to finish the work queued so far and exit. Thread-safe.</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        Poller.Wake();
    }

    private void Run()
    {
        t_current = this;
        System.Threading.SynchronizationContext.SetSynchronizationContext(SynchronizationContext);
        if (_cpu is int cpu)
        {
            PinError = LinuxInterop.PinCurrentThread(cpu);
        }

        try
        {
            while (true)
            {
                var busy = DrainQueue();
                busy |= Poller.Poll(0);
                RunTimers();
                RunHooks();
                if (_stopRequested && _queue.IsEmpty)
                {
                    break;
                }

                if (!busy && _queue.IsEmpty)
                {
                    Sleep();
                }
            }
        }
        finally
        {
            // Run what raced with the stop so no caller waits forever; later posts throw.
            _closed = true;
            DrainQueue();
            Poller.Dispose();
            _stopped.SetResult();
        }
    }

    private bool DrainQueue()
    {
        // Only what is queued now: work posted while draining waits for the next iteration, after I/O.
        var count = _queue.Count;
        var ran = false;
        for (var i = 0; i < count && _queue.TryDequeue(out var item); i++)
        {
            ran = true;
            try
            {
                item.Callback(item.State);
            }
            catch (Exception e)
            {
                // Posted work comes from this runtime and handles its own errors; anything escaping is a bug
                // that must not kill the shard, so it is surfaced like an unobserved task exception.
                Group.ReportUnhandled(Id, e);
            }
        }

        return ran;
    }

    private void Sleep()
    {
        if (_idlePollTicks > 0)
        {
            var until = Stopwatch.GetTimestamp() + _idlePollTicks;
            while (Stopwatch.GetTimestamp() < until)
            {
                if (!_queue.IsEmpty || Poller.Poll(0) || _stopRequested)
                {
                    return;
                }
            }
        }

        Volatile.Write(ref _sleeping, 1);
        Interlocked.MemoryBarrier();
        if (_queue.IsEmpty && !_stopRequested)
        {
            Poller.Poll(MillisecondsToNextTimer());
        }

        Volatile.Write(ref _sleeping, 0);
    }

    private int MillisecondsToNextTimer()
    {
        if (_timers.Count == 0)
        {
            return -1;
        }

        var now = Stopwatch.GetTimestamp();
        var next = long.MaxValue;
        foreach (var timer in _timers)
        {
            next = Math.Min(next, timer.Due);
        }

        var ms = (next - now) * 1000 / Stopwatch.Frequency;
        return (int)Math.Clamp(ms + 1, 0, int.MaxValue);
    }

    private void RunTimers()
    {
        if (_timers.Count == 0)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        foreach (var timer in _timers)
        {
            if (now >= timer.Due)
            {
                timer.Due = now + timer.IntervalTicks;
                Guarded(timer.Callback);
            }
        }
    }

    private void RunHooks()
    {
        foreach (var hook in _iterationHooks)
        {
            Guarded(hook);
        }
    }

    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Group.ReportUnhandled(Id, e);
        }
    }

    private sealed class PeriodicTimer(long intervalTicks, long due, Action callback)
    {
        public long IntervalTicks { get; } = intervalTicks;

        public long Due { get; set; } = due;

        public Action Callback { get; } = callback;
    }
}
