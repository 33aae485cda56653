using Google.FlatBuffers;
using Smf.Client;
using Smf.Messages;

namespace Smf.Interceptors.Internal;

/// <summary>
/// A client's interceptors chained in front of sending, per request and response type. The last chain built is kept
/// (one entry per type pair, replaced atomically), so calls of one client through the chain build nothing.
/// </summary>
internal static class ClientInterceptorChain<TRequest, TResponse>
    where TRequest : class, IRpcObject<TRequest>
    where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
{
    private static readonly RpcClientContinuation<TRequest, TResponse> Send =
        static (request, context) => context.Client.SendAsync<TRequest, TResponse>(context.RequestId, request, context.Options);

    private static Built? s_last;

    public static RpcClientContinuation<TRequest, TResponse> For(RpcInterceptor[] interceptors)
    {
        var last = s_last;
        if (last is not null && ReferenceEquals(last.Interceptors, interceptors))
        {
            return last.Entry;
        }

        var next = Send;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = (request, context) => interceptor.UnaryCallAsync(request, context, inner);
        }

        s_last = new Built(interceptors, next);
        return next;
    }

    private sealed record Built(RpcInterceptor[] Interceptors, RpcClientContinuation<TRequest, TResponse> Entry);
}
