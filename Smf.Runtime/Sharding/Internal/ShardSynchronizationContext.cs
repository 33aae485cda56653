namespace Smf.Sharding.Internal;

/// <summary>
/// Makes <see langword="await"/> continuations captured on a shard thread run on that shard's loop.
/// </summary>
internal sealed class ShardSynchronizationContext(ShardLoop loop) : SynchronizationContext
{
    public ShardLoop Loop { get; } = loop;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!Loop.TryPost(d, state))
        {
            // The shard has stopped: let the continuation finish on the thread pool rather than never.
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.d(s.state), (d, state), preferLocal: false);
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ShardLoop.Current == Loop)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        Loop.Post(
            _ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    done.Set();
                }
            },
            null);
        done.Wait();
        if (failure is not null)
        {
            throw new AggregateException(failure);
        }
    }

    public override SynchronizationContext CreateCopy() => this;
}
