using Smf.Sharding.Internal;

namespace Smf.Client.Internal;

/// <summary>
/// Completes the calls of one connection from its loop: a call made on the loop's own thread completes at once (its
/// continuation goes back to the shard through its SynchronizationContext); calls made elsewhere are gathered during
/// the iteration and handed to the thread pool together at its end (<see cref="CompletionBatch"/>). Loop thread only.
/// </summary>
internal sealed class CompletionDispatcher(ShardLoop loop) : ILoopFlush
{
    private readonly Stack<CompletionBatch> _pool = new(CompletionBatch.MaxPooled);
    private CompletionBatch? _batch;

    public void Complete(PendingCall call, in ReceivedFrame frame)
    {
        if (call.MadeOnLoop)
        {
            call.Complete(frame);
            return;
        }

        Batch().Add(call, frame);
    }

    public void Fail(PendingCall call, Exception error)
    {
        if (call.MadeOnLoop)
        {
            call.Fail(error);
            return;
        }

        Batch().Add(call, error);
    }

    void ILoopFlush.Flush()
    {
        var batch = _batch;
        _batch = null;
        if (batch is { Count: > 0 })
        {
            ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
        }
    }

    private CompletionBatch Batch()
    {
        if (_batch is null)
        {
            CompletionBatch? pooled;
            lock (_pool)
            {
                _pool.TryPop(out pooled);
            }

            _batch = pooled ?? new CompletionBatch(_pool);
            loop.ScheduleFlush(this);
        }

        return _batch;
    }
}
