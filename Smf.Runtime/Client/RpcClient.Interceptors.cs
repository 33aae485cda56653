using Google.FlatBuffers;
using Smf.Interceptors;
using Smf.Interceptors.Internal;
using Smf.Messages;

namespace Smf.Client;

/// <summary>The interceptor side of <see cref="RpcClient"/>: typed calls pass through <see cref="RpcClientOptions.Interceptors"/>.</summary>
public sealed partial class RpcClient
{
    private ValueTask<RpcResponse<TResponse>> InterceptAsync<TRequest, TResponse>(uint requestId, TRequest? request, RpcCallOptions options)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        try
        {
            return ClientInterceptorChain<TRequest, TResponse>.For(Options.InterceptorArray)(request, new RpcClientCallContext(this, requestId, options));
        }
        catch (Exception e)
        {
            // An interceptor that throws before returning a task fails the call the same way as one that fails later.
            return ValueTask.FromException<RpcResponse<TResponse>>(e);
        }
    }
}
