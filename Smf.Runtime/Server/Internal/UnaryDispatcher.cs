using Google.FlatBuffers;
using Smf.Interceptors;
using Smf.Interceptors.Internal;
using Smf.Messages;
using Smf.Messages.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The typed layer of one method, between the raw handler the server routes to and the typed handler: verifies the
/// request, wraps it in its accessor, calls the handler and serializes the response into the shard's builder. No
/// allocation here when the handler completes synchronously or asynchronously (<see cref="AwaitedReply"/> is pooled).
/// </summary>
internal sealed partial class UnaryDispatcher<TRequest, TResponse>(RpcUnaryHandler<TRequest, TResponse> handler)
    where TRequest : struct, IFlatbufferObject, IRpcTable<TRequest>
    where TResponse : class, IRpcObject<TResponse>
{
    private ServerInterceptorChain<TRequest, TResponse>? _chain;

    public ValueTask<RpcReply> HandleAsync(RpcCallContext context)
    {
        if (context.VerifyRequest && !TRequest.Verify(context.Payload.Span, out var reason))
        {
            context.RejectInvalidRequest(typeof(TRequest), reason);
            return new ValueTask<RpcReply>(RpcReply.WithStatus(RpcStatus.BadRequest));
        }

        var interceptors = context.Interceptors;
        var pending = interceptors.Length == 0
            ? handler(context.GetRequest<TRequest>(), context)
            : ChainFor(interceptors).Entry(context.GetRequest<TRequest>(), context);
        return pending.IsCompletedSuccessfully
            ? new ValueTask<RpcReply>(Serialize(context, pending.Result))
            : AwaitedReply.Start(context, pending);
    }

    // Built on first use; a dispatcher belongs to one service instance, so to one shard.
    private ServerInterceptorChain<TRequest, TResponse> ChainFor(RpcInterceptor[] interceptors)
    {
        var chain = _chain;
        if (chain is null || !ReferenceEquals(chain.Interceptors, interceptors))
        {
            _chain = chain = new ServerInterceptorChain<TRequest, TResponse>(interceptors, handler);
        }

        return chain;
    }

    // The shard's builder is used from Clear to the copy in Reply, with no await in between.
    private static RpcReply Serialize(RpcCallContext context, TResponse? response)
    {
        if (TResponse.IsFieldless)
        {
            return new RpcReply(context.Status, ReadOnlyMemory<byte>.Empty, context.ResponseCompression);
        }

        var builder = context.GetReplyBuilder();
        TableWriter.Finish(builder, response);
        return context.Reply(context.Status, builder, context.ResponseCompression);
    }
}
