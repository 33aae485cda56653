using System.Collections.Concurrent;
using Smf.Sharding;

namespace Smf.Hosting.Internal;

/// <summary>The <see cref="Sharded{T}"/> instances the hosted server started, by type, for dependency injection to hand out.</summary>
internal sealed class ShardedInstances
{
    private readonly ConcurrentDictionary<Type, object> _instances = new();

    public void Set<T>(Sharded<T> sharded)
        where T : class => _instances[typeof(T)] = sharded;

    public void Clear() => _instances.Clear();

    public Sharded<T> Get<T>()
        where T : class =>
        _instances.TryGetValue(typeof(T), out var sharded)
            ? (Sharded<T>)sharded
            : throw new InvalidOperationException(
                $"Sharded<{typeof(T).Name}> exists only while the host runs the smf server: take it in the constructor of a service " +
                "added with AddService (services are created when the server starts) or resolve it after the host has started.");
}
