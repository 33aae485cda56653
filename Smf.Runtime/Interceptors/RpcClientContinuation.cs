using Google.FlatBuffers;
using Smf.Client;
using Smf.Messages;

namespace Smf.Interceptors;

/// <summary>The rest of a client interceptor chain: the next interceptor, or sending the call.</summary>
/// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
/// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
/// <param name="request">The request; <see langword="null"/> sends an empty table.</param>
/// <param name="context">The call.</param>
/// <returns>The reply; the caller disposes it.</returns>
public delegate ValueTask<RpcResponse<TResponse>> RpcClientContinuation<TRequest, TResponse>(TRequest? request, RpcClientCallContext context)
    where TRequest : class, IRpcObject<TRequest>
    where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>;
