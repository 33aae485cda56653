using Smf.Internal;
using Smf.Sharding.Internal;

namespace Smf.Client.Internal;

/// <summary>
/// The deadlines of one connection's calls in flight: the calls that have one, in a list, and one timer set for the
/// earliest. When it fires, the calls whose deadline has passed expire and the timer is set for the earliest left.
/// Loop thread, except the timer's callback, which posts to the loop.
/// </summary>
/// <remarks>
/// A timer per call would cost two timer-queue updates per call (set, then cancel). Here a call only joins and leaves
/// a list; calls with one timeout have later deadlines than the one the timer waits for, so the timer is set about
/// once per timeout, and a call that completes leaves it alone.
/// </remarks>
internal sealed class CallDeadlines(ShardLoop loop, TimeProvider clock, Action<PendingCall, short> expire) : IDisposable
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(1);
    private static readonly SendOrPostCallback CheckCallback = static state => ((CallDeadlines)state!).Check();

    private readonly List<(PendingCall Call, short Version)> _expired = [];
    private PendingCall? _first;
    private ITimer? _timer;
    private long _timerDue = long.MaxValue;
    private bool _disposed;

    /// <summary>Starts watching <paramref name="call"/>'s deadline, if it has one.</summary>
    public void Add(PendingCall call)
    {
        if (call.DeadlineTimestamp == long.MaxValue || _disposed)
        {
            return;
        }

        call.NextWithDeadline = _first;
        call.PreviousWithDeadline = null;
        if (_first is not null)
        {
            _first.PreviousWithDeadline = call;
        }

        _first = call;
        call.HasWatchedDeadline = true;
        if (call.DeadlineTimestamp < _timerDue)
        {
            SetTimer(call.DeadlineTimestamp, clock.GetTimestamp());
        }
    }

    /// <summary>Stops watching <paramref name="call"/> (it was answered, canceled or failed).</summary>
    public void Remove(PendingCall call)
    {
        if (!call.HasWatchedDeadline)
        {
            return;
        }

        var previous = call.PreviousWithDeadline;
        var next = call.NextWithDeadline;
        if (previous is null)
        {
            _first = next;
        }
        else
        {
            previous.NextWithDeadline = next;
        }

        if (next is not null)
        {
            next.PreviousWithDeadline = previous;
        }

        call.PreviousWithDeadline = null;
        call.NextWithDeadline = null;
        call.HasWatchedDeadline = false;
    }

    /// <summary>Stops the timer and forgets every call.</summary>
    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _timer = null;
        while (_first is { } call)
        {
            Remove(call);
        }
    }

    private void Check()
    {
        _timerDue = long.MaxValue;
        if (_disposed)
        {
            return;
        }

        // The expired calls leave the list before any of them fails: failing one may run its caller's continuation
        // here, which may make or end other calls.
        var now = clock.GetTimestamp();
        var earliest = long.MaxValue;
        var call = _first;
        while (call is not null)
        {
            var next = call.NextWithDeadline;
            if (call.DeadlineTimestamp <= now)
            {
                Remove(call);
                _expired.Add((call, call.Version));
            }
            else if (call.DeadlineTimestamp < earliest)
            {
                earliest = call.DeadlineTimestamp;
            }

            call = next;
        }

        if (earliest != long.MaxValue)
        {
            SetTimer(earliest, now);
        }

        foreach (var (expiredCall, version) in _expired)
        {
            expire(expiredCall, version);
        }

        _expired.Clear();
    }

    private void SetTimer(long due, long now)
    {
        _timerDue = due;
        var wait = clock.GetElapsedTime(now, due);
        (_timer ??= CreateTimer()).Change(wait < MinimumWait ? MinimumWait : wait, Timeout.InfiniteTimeSpan);
    }

    private ITimer CreateTimer() =>
        DetachedTimer.Create(clock, static s => ((CallDeadlines)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void Fire() => loop.TryPost(CheckCallback, this);
}
