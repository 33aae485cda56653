using Smf.Sharding;

namespace Smf.Hosting.Internal;

/// <summary>A <see cref="Sharded{T}"/> that the hosted server starts on its shards before the services.</summary>
/// <param name="Type">The per-shard type.</param>
/// <param name="Start">Starts one instance per shard and publishes the result for dependency injection.</param>
internal sealed record ShardedRegistration(Type Type, Func<ShardGroup, IServiceProvider, CancellationToken, Task<IAsyncDisposable>> Start);
