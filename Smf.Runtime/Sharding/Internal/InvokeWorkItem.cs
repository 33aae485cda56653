using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;

namespace Smf.Sharding.Internal;

/// <summary>
/// One cross-shard call of <see cref="Sharded{T}"/>: posted to the target loop, run there, and awaited by the caller
/// through a pooled <see cref="IValueTaskSource{TResult}"/>. Completion is posted to the caller's captured
/// synchronization context, so a caller on a shard resumes on its own shard.
/// </summary>
internal sealed class InvokeWorkItem<T, TState, TResult> : IValueTaskSource<TResult>, IValueTaskSource
    where T : class
{
    private const int MaxPooled = 256;
    private static readonly ConcurrentQueue<InvokeWorkItem<T, TState, TResult>> Pool = new();
    private static readonly SendOrPostCallback ExecuteCallback = static s => ((InvokeWorkItem<T, TState, TResult>)s!).Execute();

    private readonly Action _onAsyncCompleted;
    private ManualResetValueTaskSourceCore<TResult> _core = new() { RunContinuationsAsynchronously = true };
    private T? _target;
    private TState _state = default!;
    private Func<T, TState, TResult>? _sync;
    private Func<T, TState, ValueTask<TResult>>? _async;
    private ValueTask<TResult> _pending;

    private InvokeWorkItem() => _onAsyncCompleted = OnAsyncCompleted;

    public static InvokeWorkItem<T, TState, TResult> Rent(
        T target, TState state, Func<T, TState, TResult>? sync, Func<T, TState, ValueTask<TResult>>? async)
    {
        if (!Pool.TryDequeue(out var item))
        {
            item = new InvokeWorkItem<T, TState, TResult>();
        }

        item._target = target;
        item._state = state;
        item._sync = sync;
        item._async = async;
        return item;
    }

    public ValueTask<TResult> PostTo(ShardLoop loop)
    {
        var token = _core.Version;
        loop.Post(ExecuteCallback, this);
        return new ValueTask<TResult>(this, token);
    }

    public ValueTask PostToNoResult(ShardLoop loop)
    {
        var token = _core.Version;
        loop.Post(ExecuteCallback, this);
        return new ValueTask(this, token);
    }

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

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    private void Execute()
    {
        try
        {
            if (_sync is not null)
            {
                _core.SetResult(_sync(_target!, _state));
                return;
            }

            var pending = _async!(_target!, _state);
            if (pending.IsCompletedSuccessfully)
            {
                _core.SetResult(pending.Result);
                return;
            }

            _pending = pending;
            pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onAsyncCompleted);
        }
        catch (Exception e)
        {
            _core.SetException(e);
        }
    }

    private void OnAsyncCompleted()
    {
        var pending = _pending;
        _pending = default;
        try
        {
            _core.SetResult(pending.GetAwaiter().GetResult());
        }
        catch (Exception e)
        {
            _core.SetException(e);
        }
    }

    private void Return()
    {
        _target = null;
        _state = default!;
        _sync = null;
        _async = null;
        _core.Reset();
        if (Pool.Count < MaxPooled)
        {
            Pool.Enqueue(this);
        }
    }
}
