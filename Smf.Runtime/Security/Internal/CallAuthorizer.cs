using Smf.Server;
using Smf.Server.Internal;

namespace Smf.Security.Internal;

/// <summary>Runs a method's authorization policy before its handler: a denied call is answered 401 or 403, counted and logged, and its handler never runs.</summary>
internal static class CallAuthorizer
{
    public static ValueTask<RpcReply> RunAsync(RpcCallContext context, RpcAuthorizationPolicy policy, RpcMethodHandler handler)
    {
        var result = policy(context);
        if (result == RpcAuthorizationResult.Allow)
        {
            return handler(context);
        }

        var status = result == RpcAuthorizationResult.Forbidden ? RpcStatus.Forbidden : RpcStatus.Unauthorized;
        context.Shard.OnCallDenied(context, status);
        return new ValueTask<RpcReply>(RpcReply.WithStatus(status));
    }
}
