using Microsoft.Extensions.DependencyInjection;

namespace Smf.Hosting.Internal;

/// <summary>Per-shard construction through dependency injection, with failures that say what and where.</summary>
internal static class ShardFactories
{
    /// <summary>A factory that builds <typeparamref name="T"/> with constructor injection (<see cref="ActivatorUtilities"/>).</summary>
    public static Func<IServiceProvider, int, T> Activator<T>()
        where T : class
    {
        var factory = ActivatorUtilities.CreateFactory(typeof(T), Type.EmptyTypes);
        return (services, _) => (T)factory(services, null);
    }

    /// <summary>Runs <paramref name="create"/> for <paramref name="shard"/>; a failure names <paramref name="type"/> and the shard and keeps the cause.</summary>
    public static T Create<T>(Func<IServiceProvider, int, T> create, IServiceProvider services, int shard, string what, Type type)
        where T : class
    {
        try
        {
            return create(services, shard)
                ?? throw new InvalidOperationException($"The factory of {what} {type.FullName} returned null for shard {shard}.");
        }
        catch (Exception e) when (e is not InvalidOperationException { Source: nameof(ShardFactories) })
        {
            throw new InvalidOperationException($"The smf server cannot create {what} {type.FullName} on shard {shard}: {e.Message}", e) { Source = nameof(ShardFactories) };
        }
    }
}
