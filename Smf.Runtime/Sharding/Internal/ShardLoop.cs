using System.Collections.Concurrent;
using System.Diagnostics;
using Smf.Internal;

namespace Smf.Sharding.Internal;

/// <summary>
/// One shard: a dedicated thread running an event loop that drains posted work, polls its own I/O and then flushes
/// the connections that still have output queued from the iteration (one coalesced write each). A flush may choose to
/// wait (<see cref="HoldFlush"/>): it is offered again at the end of every iteration until it writes, and the loop
/// sleeps at most a millisecond meanwhile. Periodic timers come from the group's <see cref="TimeProvider"/> and post
/// their callbacks to the loop.
/// </summary>
internal sealed class ShardLoop
{
    [ThreadStatic]
    private static ShardLoop? t_current;

    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private readonly List<ILoopFlush> _flushes = [];
    private readonly List<ILoopFlush> _heldFlushes = [];
    private readonly List<ShardLoop> _loopsToWake = [];
    private readonly List<ITimer> _timers = [];
    private readonly Thread _thread;
    private readonly long _idlePollTicks;
    private readonly int? _cpu;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sleeping;
    private long _timestamp;
    private bool _timestampRead;
    private volatile bool _stopRequested;
    private volatile bool _closed;

    public ShardLoop(ShardGroup group, int id, IShardPoller poller, TimeSpan idlePoll, int? cpu, string threadName)
    {
        Group = group;
        Id = id;
        Poller = poller;
        _cpu = cpu;
        _idlePollTicks = (long)(idlePoll.TotalSeconds * Stopwatch.Frequency);
        SynchronizationContext = new ShardSynchronizationContext(this);
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
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
        if (!TryPost(callback, state))
        {
            throw StoppedError();
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
        WakeIfSleeping();

        return true;
    }

    /// <summary>Like <see cref="TryPostBatched"/>, but throws once the loop has stopped.</summary>
    /// <exception cref="ObjectDisposedException">The loop has stopped.</exception>
    public void PostBatched(SendOrPostCallback callback, object? state)
    {
        if (!TryPostBatched(callback, state))
        {
            throw StoppedError();
        }
    }

    /// <summary>
    /// Like <see cref="TryPost"/>, but on another shard's thread the wake-up waits for the end of that thread's loop
    /// iteration, where one wake-up goes to each loop it posted to in the iteration (so a burst of cross-shard calls
    /// wakes its target once, and a target on the same core is not switched to for every call). Only for work whose
    /// poster does not block its own loop until the work has run (its outcome comes back through its loop anyway).
    /// </summary>
    public bool TryPostBatched(SendOrPostCallback callback, object? state)
    {
        var poster = Current;
        if (poster is null || poster == this)
        {
            return TryPost(callback, state);
        }

        if (_closed)
        {
            return false;
        }

        _queue.Enqueue((callback, state));
        if (!poster._loopsToWake.Contains(this))
        {
            poster._loopsToWake.Add(this);
        }

        return true;
    }

    // The first post to see the flag clears it and wakes the loop; later ones find the eventfd already written.
    private void WakeIfSleeping()
    {
        if (Volatile.Read(ref _sleeping) != 0 && Interlocked.Exchange(ref _sleeping, 0) != 0)
        {
            Poller.Wake();
        }
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

    /// <summary>The clock of this loop's timers and of the timeouts of its connections.</summary>
    public TimeProvider TimeProvider => Group.TimeProvider;

    /// <summary>
    /// <see cref="TimeProvider"/>'s timestamp, read at most once per loop iteration: the time every connection of the
    /// shard stamps its activity and deadlines with, which is exact to within one iteration. Shard thread only.
    /// </summary>
    public long Timestamp
    {
        get
        {
            Debug.Assert(Current == this, "The loop timestamp is read on the shard thread.");
            if (!_timestampRead)
            {
                _timestamp = TimeProvider.GetTimestamp();
                _timestampRead = true;
            }

            return _timestamp;
        }
    }

    /// <summary>
    /// What the code running now on this loop makes cross-shard calls for (<see cref="Sharded{T}"/> tells it about
    /// each), or null. Shard thread only.
    /// </summary>
    public ICrossShardCaller? Caller { get; set; }

    /// <summary>Queues <paramref name="flush"/> to run at the end of this iteration. Call on the shard thread, once per iteration per object.</summary>
    public void ScheduleFlush(ILoopFlush flush)
    {
        Debug.Assert(Current == this, "Flushes are scheduled on the shard thread.");
        _flushes.Add(flush);
    }

    /// <summary>
    /// Called by a flush that chose not to write yet: it runs again at the end of the next iteration (and of every one
    /// after it that it holds again). Shard thread only, from <see cref="ILoopFlush.Flush"/>.
    /// </summary>
    public void HoldFlush(ILoopFlush flush)
    {
        Debug.Assert(Current == this, "Flushes are held on the shard thread.");
        _heldFlushes.Add(flush);
    }

    /// <summary>
    /// Runs <paramref name="callback"/> on this loop every <paramref name="interval"/> of the group's clock, until the
    /// returned timer is disposed or the loop stops. Thread-safe.
    /// </summary>
    public ITimer AddTimer(TimeSpan interval, SendOrPostCallback callback, object? state)
    {
        var timer = DetachedTimer.Create(
            TimeProvider,
            static s =>
            {
                var (loop, callback, state) = ((ShardLoop, SendOrPostCallback, object?))s!;
                loop.TryPost(callback, state);
            },
            (this, callback, state),
            interval,
            interval);

        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
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
                _timestampRead = false;
                var busy = DrainQueue();
                busy |= Poller.Poll(0);
                RunFlushes();
                WakeLoopsPostedTo();
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
            lock (_timers)
            {
                foreach (var timer in _timers)
                {
                    timer.Dispose();
                }
            }

            DrainQueue();
            RunFlushes();
            WakeLoopsPostedTo();
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
                _timestampRead = false;
                if (!_queue.IsEmpty || Poller.Poll(0) || _stopRequested)
                {
                    return;
                }
            }
        }

        Volatile.Write(ref _sleeping, 1);
        Interlocked.MemoryBarrier();
        _timestampRead = false;
        if (_queue.IsEmpty && !_stopRequested)
        {
            // A held flush decides again after at most a millisecond, even when nothing else wakes the loop.
            Poller.Poll(_heldFlushes.Count > 0 ? 1 : -1);
        }

        Volatile.Write(ref _sleeping, 0);
    }

    private ObjectDisposedException StoppedError() => new($"smf shard {Id}", $"Shard {Id} has stopped; no more work can be sent to it.");

    private void WakeLoopsPostedTo()
    {
        for (var i = 0; i < _loopsToWake.Count; i++)
        {
            _loopsToWake[i].WakeIfSleeping();
        }

        _loopsToWake.Clear();
    }

    private void RunFlushes()
    {
        if (_heldFlushes.Count > 0)
        {
            _flushes.AddRange(_heldFlushes);
            _heldFlushes.Clear();
        }

        // A flush may schedule more (a reply that completes another call on this loop): run until none is left.
        for (var i = 0; i < _flushes.Count; i++)
        {
            var flush = _flushes[i];
            try
            {
                flush.Flush();
            }
            catch (Exception e)
            {
                Group.ReportUnhandled(Id, e);
            }
        }

        _flushes.Clear();
    }
}
