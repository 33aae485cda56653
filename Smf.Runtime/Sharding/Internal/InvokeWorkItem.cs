using System.Threading.Tasks.Sources;
using Smf.Internal;

namespace Smf.Sharding.Internal;

/// <summary>
/// One cross-shard call of <see cref="Sharded{T}"/>: posted to the target loop (batched: a caller on a shard wakes the
/// target once at the end of its iteration), run there, and awaited by the caller
/// through a pooled <see cref="IValueTaskSource{TResult}"/>. A caller on a shard gets the outcome back on its own loop:
/// the target posts the item itself back (no delegate, no second queue entry for the continuation), and the caller's
/// continuation runs inline there, with the loop's <see cref="ShardLoop.Caller"/> at the time of the call named again
/// (so calls the continuation makes count for it too) and told when the call is posted and when it has returned. A
/// caller off the shards resumes through the usual scheduling (thread pool or its captured context).
/// </summary>
internal sealed class InvokeWorkItem<T, TState, TResult> : IValueTaskSource<TResult>, IValueTaskSource
    where T : class
{
    private const int MaxPooled = 256;
    private static readonly SendOrPostCallback ExecuteCallback = static s => ((InvokeWorkItem<T, TState, TResult>)s!).Execute();
    private static readonly SendOrPostCallback CompleteCallback = static s => ((InvokeWorkItem<T, TState, TResult>)s!).Complete();

    private readonly Action _onAsyncCompleted;
    private ManualResetValueTaskSourceCore<TResult> _core;
    private T? _target;
    private TState _state = default!;
    private Func<T, TState, TResult>? _sync;
    private Func<T, TState, ValueTask<TResult>>? _async;
    private ValueTask<TResult> _pending;
    private ShardLoop? _origin;
    private ICrossShardCaller? _caller;
    private TResult _result = default!;
    private Exception? _error;

    private InvokeWorkItem() => _onAsyncCompleted = OnAsyncCompleted;

    public static InvokeWorkItem<T, TState, TResult> Rent(
        T target, TState state, Func<T, TState, TResult>? sync, Func<T, TState, ValueTask<TResult>>? async)
    {
        // Rented and returned on the caller's thread (GetResult runs where the caller resumes).
        var item = PerThreadPool<InvokeWorkItem<T, TState, TResult>>.TryRent() ?? new InvokeWorkItem<T, TState, TResult>();
        item._target = target;
        item._state = state;
        item._sync = sync;
        item._async = async;
        return item;
    }

    public ValueTask<TResult> PostTo(ShardLoop loop) => new(this, Post(loop));

    public ValueTask PostToNoResult(ShardLoop loop) => new(this, Post(loop));

    public TResult GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Return();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // Awaited on the origin shard: the outcome is set there, so the continuation is already on the context it
        // asks for and runs inline instead of being posted to the same loop a second time.
        if (_origin is not null && SynchronizationContext.Current == _origin.SynchronizationContext)
        {
            flags &= ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext;
        }

        _core.OnCompleted(continuation, state, token, flags);
    }

    private short Post(ShardLoop loop)
    {
        _origin = ShardLoop.Current;
        _caller = _origin?.Caller;
        _core.RunContinuationsAsynchronously = _origin is null;
        var token = _core.Version;
        loop.PostBatched(ExecuteCallback, this);
        _caller?.OnCrossShardCallPosted();
        return token;
    }

    private void Execute()
    {
        try
        {
            if (_sync is not null)
            {
                SetResult(_sync(_target!, _state));
                return;
            }

            var pending = _async!(_target!, _state);
            if (pending.IsCompletedSuccessfully)
            {
                SetResult(pending.Result);
                return;
            }

            _pending = pending;
            pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onAsyncCompleted);
        }
        catch (Exception e)
        {
            SetException(e);
        }
    }

    private void OnAsyncCompleted()
    {
        var pending = _pending;
        _pending = default;
        TResult result;
        try
        {
            result = pending.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            SetException(e);
            return;
        }

        SetResult(result);
    }

    private void SetResult(TResult result) => Finish(result, null);

    private void SetException(Exception error) => Finish(default!, error);

    // On the target: a caller off the shards is completed here, one on a shard on its own loop.
    private void Finish(TResult result, Exception? error)
    {
        if (_origin is null)
        {
            CompleteWith(result, error);
            return;
        }

        _result = result;
        _error = error;
        if (!_origin.TryPostBatched(CompleteCallback, this))
        {
            // The caller's shard has stopped: let its continuation finish on the thread pool rather than never.
            ThreadPool.UnsafeQueueUserWorkItem(static item => item.Complete(), this, preferLocal: false);
        }
    }

    // On the origin loop (or the thread pool once it has stopped). The continuation may return this item to the pool
    // and rent it again, so what comes after it is read first.
    private void Complete()
    {
        var (result, error, origin, caller) = (_result, _error, _origin, _caller);
        _error = null;
        _result = default!;
        _caller = null;
        if (caller is null || origin is null || ShardLoop.Current != origin)
        {
            CompleteWith(result, error);
            return;
        }

        var previous = origin.Caller;
        origin.Caller = caller;
        try
        {
            CompleteWith(result, error);
        }
        finally
        {
            origin.Caller = previous;
            caller.OnCrossShardCallReturned();
        }
    }

    private void CompleteWith(TResult result, Exception? error)
    {
        if (error is null)
        {
            _core.SetResult(result);
        }
        else
        {
            _core.SetException(error);
        }
    }

    private void Return()
    {
        _target = null;
        _state = default!;
        _sync = null;
        _async = null;
        _origin = null;
        _caller = null;
        _core.Reset();
        PerThreadPool<InvokeWorkItem<T, TState, TResult>>.Return(this, MaxPooled);
    }
}
