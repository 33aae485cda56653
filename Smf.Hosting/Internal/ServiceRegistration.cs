using Smf.Server;

namespace Smf.Hosting.Internal;

/// <summary>A service the hosted server creates once per shard, on that shard, when it starts.</summary>
/// <param name="Type">The service class.</param>
/// <param name="Create">Creates the instance of one shard (the shard id is the second argument).</param>
internal sealed record ServiceRegistration(Type Type, Func<IServiceProvider, int, RpcService> Create);
