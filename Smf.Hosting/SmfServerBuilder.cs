using Microsoft.Extensions.DependencyInjection;
using Smf.Hosting.Internal;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Hosting;

/// <summary>
/// Adds services and per-shard state to the hosted smf server; returned by <c>AddSmfServer</c>. Every method returns
/// the builder, to chain.
/// </summary>
public sealed partial class SmfServerBuilder
{
    private readonly SmfServerRegistrations _registrations;

    internal SmfServerBuilder(IServiceCollection services, SmfServerRegistrations registrations)
    {
        Services = services;
        _registrations = registrations;
    }

    /// <summary>The application's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Serves <typeparamref name="TService"/>: when the server starts, one instance per shard is created on that shard's
    /// thread with constructor injection (<see cref="ActivatorUtilities"/>), so its constructor may take singletons,
    /// <c>ILogger&lt;T&gt;</c>, <c>IOptions&lt;T&gt;</c>, <see cref="Sharded{T}"/> state and <see cref="SmfServer"/>. An instance
    /// that is <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> is disposed on its shard when the server stops.
    /// A dependency that cannot be resolved fails the host's start with a message that names it.
    /// </summary>
    /// <typeparam name="TService">The service class, typically derived from a generated base class such as <c>MemoryNode</c>.</typeparam>
    /// <returns>This builder.</returns>
    public SmfServerBuilder AddService<TService>()
        where TService : RpcService => AddService(ShardFactories.Activator<TService>());

    /// <summary>Serves the instances <paramref name="factory"/> creates: one per shard, called on that shard's thread with the shard id.</summary>
    /// <typeparam name="TService">The service class.</typeparam>
    /// <param name="factory">Creates the instance of one shard from the host's services and the shard id.</param>
    /// <returns>This builder.</returns>
    public SmfServerBuilder AddService<TService>(Func<IServiceProvider, int, TService> factory)
        where TService : RpcService
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registrations.Services.Add(new ServiceRegistration(typeof(TService), factory));
        return this;
    }

    /// <summary>
    /// Adds per-shard state: when the server starts (before its services), one <typeparamref name="T"/> per shard is
    /// created on that shard's thread with constructor injection, and <see cref="Sharded{T}"/> becomes resolvable (a
    /// service takes it in its constructor). When the server has stopped and drained, each instance that is
    /// <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> is disposed on its shard, before the shards stop;
    /// sharded types are disposed in the reverse order of registration.
    /// </summary>
    /// <typeparam name="T">The per-shard type.</typeparam>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is already added.</exception>
    public SmfServerBuilder AddSharded<T>()
        where T : class => AddSharded(ShardFactories.Activator<T>());

    /// <summary>Adds per-shard state created by <paramref name="factory"/>, called on each shard's thread with the shard id; see <see cref="AddSharded{T}()"/>.</summary>
    /// <typeparam name="T">The per-shard type.</typeparam>
    /// <param name="factory">Creates the instance of one shard from the host's services and the shard id.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException"><typeparamref name="T"/> is already added.</exception>
    public SmfServerBuilder AddSharded<T>(Func<IServiceProvider, int, T> factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (_registrations.Sharded.Any(r => r.Type == typeof(T)))
        {
            throw new InvalidOperationException($"Sharded<{typeof(T).Name}> is already added to the smf server; add each per-shard type once.");
        }

        _registrations.Sharded.Add(new ShardedRegistration(typeof(T), async (shards, services, cancellationToken) =>
        {
            var sharded = await Sharded<T>.StartAsync(shards, shard => ShardFactories.Create(factory, services, shard, "the sharded state", typeof(T)), cancellationToken).ConfigureAwait(false);
            services.GetRequiredService<ShardedInstances>().Set(sharded);
            return sharded;
        }));
        Services.AddSingleton(static services => services.GetRequiredService<ShardedInstances>().Get<T>());
        return this;
    }
}
