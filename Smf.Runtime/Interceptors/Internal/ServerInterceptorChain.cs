using Google.FlatBuffers;
using Smf.Messages;
using Smf.Server;

namespace Smf.Interceptors.Internal;

/// <summary>
/// A typed handler wrapped by a server's interceptors, built once per method and shard: the closures hold only the
/// interceptor and the next step, so a call through the chain allocates nothing of its own.
/// </summary>
internal sealed class ServerInterceptorChain<TRequest, TResponse>
    where TRequest : struct, IFlatbufferObject, IRpcTable<TRequest>
    where TResponse : class, IRpcObject<TResponse>
{
    public ServerInterceptorChain(RpcInterceptor[] interceptors, RpcUnaryHandler<TRequest, TResponse> handler)
    {
        Interceptors = interceptors;
        var next = handler;
        for (var i = interceptors.Length - 1; i >= 0; i--)
        {
            var interceptor = interceptors[i];
            var inner = next;
            next = (request, context) => interceptor.UnaryServerHandlerAsync(request, context, inner);
        }

        Entry = next;
    }

    /// <summary>The interceptors the chain was built from.</summary>
    public RpcInterceptor[] Interceptors { get; }

    /// <summary>The first interceptor (which calls the others, then the handler).</summary>
    public RpcUnaryHandler<TRequest, TResponse> Entry { get; }
}
