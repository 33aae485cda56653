using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Smf.Diagnostics.Internal;
using Smf.Protocol;
using Smf.Sharding.Internal;

namespace Smf.Client.Internal;

/// <summary>
/// One outstanding call: its encoded request frame, its deadline and cancellation registration, and the reply or
/// failure that completes it. <see cref="PendingCallSource{TResult}"/> adds the <see cref="IValueTaskSource{TResult}"/>
/// the caller awaits; instances are pooled by <see cref="PendingCallPool{TCall}"/> and go back to the pool when the
/// caller has read the result.
/// </summary>
/// <remarks>
/// Everything that decides the outcome runs on the connection's loop: the reply, the deadline, the caller's
/// cancellation and the connection failure are posted there, and whichever removes the call from the session table
/// first completes it; the others find it gone. A call made off the loop is completed on a thread-pool worker
/// (<see cref="CompletionBatch"/>), so user code never runs on the loop of a client it did not call from.
/// </remarks>
internal abstract class PendingCall
{
    private static readonly Action<object?> CanceledCallback = static state => ((PendingCall)state!).OnCanceled();
    private static readonly SendOrPostCallback CancelCallback = static state =>
    {
        var (call, version) = ((PendingCall, short))state!;
        call.Connection?.Abandon(call, version, timedOut: false);
    };

    private ManualResetValueTaskSourceCore<ReceivedFrame> _core;
    private CancellationTokenRegistration _cancellation;

    protected PendingCall() => _core.RunContinuationsAsynchronously = false;

    /// <summary>The request frame: header (session 0, filled in when sent) and payload.</summary>
    public PooledBufferWriter Frame { get; } = new();

    /// <summary>The session id the connection assigned; meaningful while the call is in its table.</summary>
    public ushort Session { get; set; }

    /// <summary>The request id sent, for error messages.</summary>
    public uint RequestId { get; private set; }

    /// <summary>The caller's deadline, for error messages.</summary>
    public TimeSpan CallTimeout { get; private set; }

    /// <summary>The clock timestamp after which the call expires; <see cref="long.MaxValue"/> when it has no deadline.</summary>
    public long DeadlineTimestamp { get; private set; }

    /// <summary>The caller's token, checked again when the call enters the session table.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The connection the call was sent on; set until the call is recycled.</summary>
    public ClientConnection? Connection { get; private set; }

    /// <summary>Whether the connection's <see cref="CallDeadlines"/> watches this call (the links below are its list).</summary>
    public bool HasWatchedDeadline { get; set; }

    public PendingCall? PreviousWithDeadline { get; set; }

    public PendingCall? NextWithDeadline { get; set; }

    /// <summary>Whether the call was made on its connection's loop thread (a client used inside a handler, say).</summary>
    public bool MadeOnLoop { get; set; }

    /// <summary>The version the caller's <see cref="ValueTask{TResult}"/> must carry.</summary>
    public short Version => _core.Version;

    /// <summary>The call's telemetry while it is timed (a listener or a latency histogram); default otherwise.</summary>
    public ClientCallTelemetry Telemetry { get; set; }

    /// <summary>
    /// Prepares the call before it is posted to its connection and registers for cancellation; a callback that fires
    /// before the call is in the session table is checked there again. The connection watches the deadline.
    /// </summary>
    public void Arm(ClientConnection connection, uint requestId, TimeSpan timeout, long deadlineTimestamp, CancellationToken cancellationToken)
    {
        Connection = connection;
        RequestId = requestId;
        CallTimeout = timeout;
        DeadlineTimestamp = deadlineTimestamp;
        CancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(CanceledCallback, this);
        }
    }

    /// <summary>Completes the call with a reply; the caller now owns the frame's array. Loop thread.</summary>
    public void Complete(in ReceivedFrame frame)
    {
        Telemetry.Completed(frame.Header.Meta, frame.Header.Size);
        _core.SetResult(frame);
    }

    /// <summary>Completes the call with an exception. Loop thread, or the caller's before the call was posted.</summary>
    public void Fail(Exception exception)
    {
        Telemetry.Failed(exception);
        _core.SetException(exception);
    }

    /// <summary>Undoes <see cref="Arm"/> for a call that never reached its connection, and returns it to the pool.</summary>
    /// <param name="error">Why, for the call's telemetry; <see langword="null"/> when it was never started.</param>
    public void Abort(Exception? error = null)
    {
        if (error is not null)
        {
            Telemetry.Failed(error);
        }

        Recycle();
    }

    /// <inheritdoc cref="IValueTaskSource.GetStatus"/>
    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    /// <inheritdoc cref="IValueTaskSource.OnCompleted"/>
    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

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

    /// <summary>Puts this instance back in the pool of its concrete type.</summary>
    protected abstract void ReturnToPool();

    private void OnCanceled()
    {
        var connection = Connection;
        if (connection is null)
        {
            return;
        }

        if (ShardLoop.Current == connection.Loop)
        {
            connection.Abandon(this, Version, timedOut: false);
        }
        else
        {
            connection.Loop.TryPost(CancelCallback, (this, Version));
        }
    }

    private void Recycle()
    {
        // Dispose waits for a running cancellation callback, so none can see the next use of this instance.
        _cancellation.Dispose();
        _cancellation = default;

        Connection = null;
        CancellationToken = default;
        Telemetry = default;
        Frame.Clear(64 * 1024);
        _core.Reset();
        ReturnToPool();
    }
}
