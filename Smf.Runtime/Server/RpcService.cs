using Smf.Protocol;

namespace Smf.Server;

/// <summary>
/// The base of every service an <see cref="RpcServer"/> serves, the counterpart of smf's <c>rpc_service</c>.
/// Generated code derives one abstract class per <c>rpc_service</c> from it; users derive from that.
/// </summary>
/// <remarks>
/// The server creates one instance per shard, on that shard's thread, and only ever calls it from that thread: a
/// service needs no locking for its own state. The server routes a request to <see cref="RpcMethod.Handler"/> when the
/// request id in its header equals <see cref="ServiceId"/> XOR <see cref="RpcMethod.MethodId"/>. An instance that is
/// <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> is disposed on its shard when the server stops.
/// </remarks>
public abstract class RpcService
{
    /// <summary>The unqualified service name as written in the schema, e.g. <c>MemoryNode</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The service id: CRC-32 of <see cref="Name"/> (<see cref="RequestId.ForService"/>).</summary>
    /// <remarks>Generated code overrides this with the constant; the default computes it from the name.</remarks>
    public virtual uint ServiceId => RequestId.ForService(Name);

    /// <summary>The routing table: every method of the service. Read once, when the server starts.</summary>
    public abstract IReadOnlyList<RpcMethod> Methods { get; }

    /// <summary>
    /// Whether this service's typed methods verify requests before their handlers run; <see langword="null"/> (the
    /// default) follows <see cref="RpcServerOptions.VerifyRequests"/>. Override it to return <see langword="false"/>
    /// for a service whose clients you trust and whose handlers never read a malformed request.
    /// </summary>
    public virtual bool? VerifyRequests => null;
}
