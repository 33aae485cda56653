using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace Smf.Client;

/// <summary>
/// One outstanding call, as the connection sees it: its session, the reply or failure that completes it,
/// its deadline timer and its cancellation registration. <see cref="PendingCallSource{TResult}"/> adds the
/// <see cref="IValueTaskSource{TResult}"/> the caller awaits; instances are pooled by
/// <see cref="PendingCallPool{TCall}"/> and go back to the pool when the caller has read the result.
/// </summary>
/// <remarks>
/// Completion is decided by <see cref="ClientConnection"/> under its lock: whichever of the reply, the
/// deadline, the caller's cancellation or the connection failure removes the call from the session table
/// first completes it; the others find it gone and do nothing. Continuations run asynchronously so user
/// code never runs on the read loop.
/// </remarks>
internal abstract class PendingCall
{
    private static readonly TimerCallback DeadlineCallback = static state => ((PendingCall)state!).OnDeadline();
    private static readonly Action<object?> CanceledCallback = static state => ((PendingCall)state!).OnCanceled();

    private readonly Timer _deadlineTimer;
    private ManualResetValueTaskSourceCore<ReceivedFrame> _core;
    private CancellationTokenRegistration _cancellation;
    private ClientConnection? _connection;
    private bool _timerArmed;

    protected PendingCall()
    {
        _core.RunContinuationsAsynchronously = true;
        // A pooled instance outlives the caller that created it: its timer must not capture that caller's
        // ExecutionContext (AsyncLocal values, activities).
        if (ExecutionContext.IsFlowSuppressed())
        {
            _deadlineTimer = new Timer(DeadlineCallback, this, Timeout.Infinite, Timeout.Infinite);
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                _deadlineTimer = new Timer(DeadlineCallback, this, Timeout.Infinite, Timeout.Infinite);
            }
        }
    }

    /// <summary>The session id the connection assigned; meaningful while the call is in its table.</summary>
    public ushort Session { get; set; }

    /// <summary>The request id sent, for error messages.</summary>
    public uint RequestId { get; private set; }

    /// <summary>The caller's deadline, for error messages.</summary>
    public TimeSpan CallTimeout { get; private set; }

    /// <summary>The <see cref="Stopwatch"/> timestamp after which the call expires; <see cref="long.MaxValue"/> when it has no deadline.</summary>
    public long DeadlineTimestamp { get; private set; }

    /// <summary>The caller's token, checked again when the call enters the session table.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The version the caller's <see cref="ValueTask{TResult}"/> must carry.</summary>
    public short Version => _core.Version;

    /// <summary>
    /// Prepares the call before it enters the session table: remembers the connection, starts the deadline
    /// timer and registers for cancellation. Callbacks that fire before the call is in the table do nothing;
    /// the connection checks the token and the deadline again when it inserts the call.
    /// </summary>
    public void Arm(ClientConnection connection, uint requestId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _connection = connection;
        RequestId = requestId;
        CallTimeout = timeout;
        CancellationToken = cancellationToken;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            DeadlineTimestamp = long.MaxValue;
        }
        else
        {
            DeadlineTimestamp = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            _timerArmed = true;
            _deadlineTimer.Change(timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(CanceledCallback, this);
        }
    }

    /// <summary>Completes the call with a reply; the caller now owns the frame's array.</summary>
    public void Complete(in ReceivedFrame frame) => _core.SetResult(frame);

    /// <summary>Completes the call with an exception.</summary>
    public void Fail(Exception exception) => _core.SetException(exception);

    /// <summary>Undoes <see cref="Arm"/> for a call that never entered the table, and returns it to the pool.</summary>
    public void Abort() => Recycle();

    /// <summary>Reads the outcome for the caller and returns this instance to its pool.</summary>
    protected ReceivedFrame TakeResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    /// <inheritdoc cref="IValueTaskSource.GetStatus"/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc cref="IValueTaskSource.OnCompleted"/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Puts this instance back in the pool of its concrete type.</summary>
    protected abstract void ReturnToPool();

    /// <summary>Releases the timer of a call that is dropped for good (its pool is full).</summary>
    public void Dispose() => _deadlineTimer.Dispose();

    private void OnDeadline()
    {
        var connection = _connection;
        var deadline = DeadlineTimestamp;
        if (connection is null || deadline == long.MaxValue)
        {
            return;
        }

        // The timer ticks in milliseconds and may fire a little before the Stopwatch deadline; it may also
        // fire late for an earlier use of this instance. Either way, wait for what is left of this deadline.
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (left > TimeSpan.Zero)
        {
            _deadlineTimer.Change(left + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
            return;
        }

        connection.TryAbandon(this, timedOut: true);
    }

    private void OnCanceled() => _connection?.TryAbandon(this, timedOut: false);

    private void Recycle()
    {
        // Dispose waits for a running cancellation callback, so none can see the next use of this instance.
        _cancellation.Dispose();
        _cancellation = default;
        if (_timerArmed)
        {
            _timerArmed = false;
            _deadlineTimer.Change(Timeout.Infinite, Timeout.Infinite);
        }

        _connection = null;
        CancellationToken = default;
        _core.Reset();
        ReturnToPool();
    }
}
