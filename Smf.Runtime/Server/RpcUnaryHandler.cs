namespace Smf.Server;

/// <summary>
/// A typed handler: takes the verified request and the call's context and returns the response, the shape every
/// generated service method has.
/// </summary>
/// <remarks>
/// Runs on the connection's shard; an <see langword="await"/> inside it resumes there. The request reads the received
/// bytes in place and is valid until the returned task completes. Set <see cref="RpcCallContext.Status"/> to answer
/// another status with this response, or throw <see cref="RpcException"/> to answer a status with an empty table.
/// </remarks>
/// <typeparam name="TRequest">The accessor struct of the request table.</typeparam>
/// <typeparam name="TResponse">The object-API class of the response table.</typeparam>
/// <param name="request">The request, verified unless verification is off for the service.</param>
/// <param name="context">The call: status, peer, shard, deadline, cancellation.</param>
/// <returns>The response. A response with no fields set may be one shared instance: it is only read.</returns>
public delegate ValueTask<TResponse> RpcUnaryHandler<TRequest, TResponse>(TRequest request, RpcCallContext context)
    where TResponse : class;
