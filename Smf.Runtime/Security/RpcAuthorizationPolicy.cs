using Smf.Server;

namespace Smf.Security;

/// <summary>
/// Decides whether one call may run, from its context (<see cref="RpcCallContext.PeerCertificate"/>,
/// <see cref="RpcCallContext.RemoteEndPoint"/>, <see cref="RpcCallContext.ServiceName"/>, <see cref="RpcCallContext.Method"/>).
/// Called on the connection's shard before the request is verified or any interceptor or handler runs; it must not block.
/// A policy that throws is answered <see cref="RpcStatus.InternalError"/>, like a failing handler.
/// </summary>
/// <param name="context">The call; valid only during this call.</param>
/// <returns>Whether the call runs, or is answered 401 or 403.</returns>
public delegate RpcAuthorizationResult RpcAuthorizationPolicy(RpcCallContext context);
