using Smf.Sharding.Internal;

namespace Smf.Sharding;

/// <summary>
/// One instance of <typeparamref name="T"/> per shard, the counterpart of Seastar's <c>sharded&lt;T&gt;</c>. Each
/// instance is created, called and disposed only on its own shard's thread, so it needs no locking.
/// </summary>
/// <remarks>
/// A call to another shard is queued to that shard's loop; when the caller runs on a shard it resumes on its own
/// shard. A call to the caller's own shard runs inline. Cross-shard calls use pooled completion sources; the
/// only allocation is the delegate the caller passes (use the <c>state</c> overloads with static lambdas to avoid it).
/// To run a method that returns a <see cref="Task"/>, pass an async lambda (<c>async db =&gt; await db.PutAsync(k, v)</c>),
/// which binds to the <see cref="ValueTask"/> overloads, so the call is awaited on the target shard.
/// </remarks>
/// <typeparam name="T">The per-shard service type.</typeparam>
public sealed class Sharded<T> : IAsyncDisposable
    where T : class
{
    private readonly ShardGroup _group;
    private readonly T[] _instances;
    private int _disposed;

    private Sharded(ShardGroup group, T[] instances)
    {
        _group = group;
        _instances = instances;
    }

    /// <summary>The number of shards, hence of instances.</summary>
    public int Count => _instances.Length;

    /// <summary>The instance of the shard the caller runs on.</summary>
    /// <exception cref="InvalidOperationException">The caller is not on a shard thread of this group.</exception>
    public T Local
    {
        get
        {
            var loop = ShardLoop.Current;
            if (loop is null || loop.Group != _group)
            {
                throw new InvalidOperationException(
                    $"Sharded<{typeof(T).Name}>.Local was read on thread '{Thread.CurrentThread.Name}', which is not a shard of this group; use InvokeOnAsync instead.");
            }

            return _instances[loop.Id];
        }
    }

    /// <summary>
    /// Creates one instance per shard by calling <paramref name="factory"/> with the shard id on that shard's thread.
    /// All or nothing: if a factory throws, the instances already created are disposed and the exception is rethrown.
    /// </summary>
    /// <param name="shards">The shards to place one instance on, e.g. the group a server runs on.</param>
    /// <param name="factory">Creates the instance of one shard; called on that shard.</param>
    /// <param name="cancellationToken">Cancels waiting for the shards.</param>
    /// <returns>The sharded instances.</returns>
    public static async Task<Sharded<T>> StartAsync(ShardGroup shards, Func<int, T> factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(factory);
        var instances = new T[shards.Count];
        var creations = new Task[shards.Count];
        for (var i = 0; i < shards.Count; i++)
        {
            var shard = i;
            creations[i] = shards.GetLoop(shard).InvokeAsync(() =>
                instances[shard] = factory(shard) ?? throw new InvalidOperationException($"The factory of Sharded<{typeof(T).Name}> returned null for shard {shard}."));
        }

        var sharded = new Sharded<T>(shards, instances);
        try
        {
            await Task.WhenAll(creations).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await sharded.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sharded;
    }

    /// <summary>Runs <paramref name="func"/> on the instance of <paramref name="shard"/>, on that shard's thread.</summary>
    /// <param name="shard">The target shard id, 0..<see cref="Count"/>-1.</param>
    /// <param name="func">The call; its exception completes the returned task.</param>
    /// <returns>The result, delivered on the caller's shard when the caller runs on one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The shards have stopped.</exception>
    public ValueTask<TResult> InvokeOnAsync<TResult>(int shard, Func<T, TResult> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return InvokeOnAsync(shard, func, static (instance, f) => f(instance));
    }

    /// <summary>Runs <paramref name="func"/> with <paramref name="state"/> on the instance of <paramref name="shard"/>; a static lambda allocates nothing.</summary>
    /// <param name="shard">The target shard id, 0..<see cref="Count"/>-1.</param>
    /// <param name="state">Passed to <paramref name="func"/>.</param>
    /// <param name="func">The call; its exception completes the returned task.</param>
    /// <returns>The result, delivered on the caller's shard when the caller runs on one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The shards have stopped.</exception>
    public ValueTask<TResult> InvokeOnAsync<TState, TResult>(int shard, TState state, Func<T, TState, TResult> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var loop = _group.GetLoop(shard);
        if (ShardLoop.Current == loop)
        {
            try
            {
                return new ValueTask<TResult>(func(_instances[shard], state));
            }
            catch (Exception e)
            {
                return ValueTask.FromException<TResult>(e);
            }
        }

        return InvokeWorkItem<T, TState, TResult>.Rent(_instances[shard], state, func, null).PostTo(loop);
    }

    /// <summary>Runs the asynchronous <paramref name="func"/> on the instance of <paramref name="shard"/>; its awaits continue on that shard.</summary>
    /// <param name="shard">The target shard id, 0..<see cref="Count"/>-1.</param>
    /// <param name="func">The call; its exception completes the returned task.</param>
    /// <returns>The result, delivered on the caller's shard when the caller runs on one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The shards have stopped.</exception>
    public ValueTask<TResult> InvokeOnAsync<TResult>(int shard, Func<T, ValueTask<TResult>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        return InvokeOnAsync(shard, func, static (instance, f) => f(instance));
    }

    /// <summary>Runs the asynchronous <paramref name="func"/> with <paramref name="state"/> on the instance of <paramref name="shard"/>.</summary>
    /// <param name="shard">The target shard id, 0..<see cref="Count"/>-1.</param>
    /// <param name="state">Passed to <paramref name="func"/>.</param>
    /// <param name="func">The call; its exception completes the returned task.</param>
    /// <returns>The result, delivered on the caller's shard when the caller runs on one.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The shards have stopped.</exception>
    public ValueTask<TResult> InvokeOnAsync<TState, TResult>(int shard, TState state, Func<T, TState, ValueTask<TResult>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var loop = _group.GetLoop(shard);
        if (ShardLoop.Current == loop)
        {
            try
            {
                return func(_instances[shard], state);
            }
            catch (Exception e)
            {
                return ValueTask.FromException<TResult>(e);
            }
        }

        return InvokeWorkItem<T, TState, TResult>.Rent(_instances[shard], state, null, func).PostTo(loop);
    }

    /// <summary>Runs <paramref name="action"/> on the instance of <paramref name="shard"/>, on that shard's thread.</summary>
    /// <param name="shard">The target shard id, 0..<see cref="Count"/>-1.</param>
    /// <param name="action">The call; its exception completes the returned task.</param>
    /// <returns>Completes, on the caller's shard when the caller runs on one, after the action ran.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The shards have stopped.</exception>
    public ValueTask InvokeOnAsync(int shard, Action<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var loop = _group.GetLoop(shard);
        if (ShardLoop.Current == loop)
        {
            try
            {
                action(_instances[shard]);
                return ValueTask.CompletedTask;
            }
            catch (Exception e)
            {
                return ValueTask.FromException(e);
            }
        }

        return InvokeWorkItem<T, Action<T>, NoResult>.Rent(
            _instances[shard], action, static (instance, a) => { a(instance); return default; }, null).PostToNoResult(loop);
    }

    /// <summary>Runs the asynchronous <paramref name="func"/> on the instance of <paramref name="shard"/>.</summary>
    /// <param name="shard">The target shard id, 0..<see cref="Count"/>-1.</param>
    /// <param name="func">The call; its exception completes the returned task.</param>
    /// <returns>Completes, on the caller's shard when the caller runs on one, after the call completed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The shards have stopped.</exception>
    public ValueTask InvokeOnAsync(int shard, Func<T, ValueTask> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var loop = _group.GetLoop(shard);
        if (ShardLoop.Current == loop)
        {
            try
            {
                return func(_instances[shard]);
            }
            catch (Exception e)
            {
                return ValueTask.FromException(e);
            }
        }

        return InvokeWorkItem<T, Func<T, ValueTask>, NoResult>.Rent(_instances[shard], func, null, AwaitNoResult).PostToNoResult(loop);
    }

    /// <summary>Runs <paramref name="func"/> on every shard's instance, concurrently, each on its own shard.</summary>
    /// <param name="func">The call; exceptions are aggregated into the returned task.</param>
    /// <returns>Completes when every shard has finished.</returns>
    public Task InvokeOnAllAsync(Func<T, ValueTask> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var calls = new Task[_instances.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = InvokeOnAsync(i, func).AsTask();
        }

        return Task.WhenAll(calls);
    }

    /// <summary>Runs <paramref name="action"/> on every shard's instance, concurrently, each on its own shard.</summary>
    /// <param name="action">The call; exceptions are aggregated into the returned task.</param>
    /// <returns>Completes when every shard has finished.</returns>
    public Task InvokeOnAllAsync(Action<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var calls = new Task[_instances.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = InvokeOnAsync(i, action).AsTask();
        }

        return Task.WhenAll(calls);
    }

    /// <summary>
    /// Disposes every instance that implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>, each on its
    /// own shard. Idempotent. The shards must still be running (dispose before the <see cref="ShardGroup"/>).
    /// </summary>
    /// <returns>Completes when every instance is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        var disposals = new List<Task>();
        for (var i = 0; i < _instances.Length; i++)
        {
            var instance = _instances[i];
            if (instance is IAsyncDisposable or IDisposable)
            {
                disposals.Add(InvokeOnAsync(i, static async t =>
                {
                    if (t is IAsyncDisposable asyncDisposable)
                    {
                        await asyncDisposable.DisposeAsync().ConfigureAwait(true);
                    }
                    else
                    {
                        ((IDisposable)t).Dispose();
                    }
                }).AsTask());
            }
        }

        await Task.WhenAll(disposals).ConfigureAwait(false);
    }

    private static async ValueTask<NoResult> AwaitNoResult(T instance, Func<T, ValueTask> func)
    {
        await func(instance).ConfigureAwait(true);
        return default;
    }
}
