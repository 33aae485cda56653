using Smf.Security;

namespace Smf.Server.Internal;

/// <summary>
/// A route of one shard: the method a request id leads to, its service, whether its requests are verified, and the
/// authorization policy that decides first (null: every call runs).
/// </summary>
internal sealed record RpcMethodEntry(RpcService Service, RpcMethod Method, bool VerifyRequests, RpcAuthorizationPolicy? Authorization = null);
