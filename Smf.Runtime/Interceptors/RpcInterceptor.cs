using Google.FlatBuffers;
using Smf.Client;
using Smf.Messages;
using Smf.Server;

namespace Smf.Interceptors;

/// <summary>
/// Code that runs around typed calls, on the server (<see cref="RpcServerOptions.Interceptors"/>) or the client
/// (<see cref="RpcClientOptions.Interceptors"/>): the counterpart of gRPC's <c>Interceptor</c>. Override the side you
/// need; the defaults call the continuation. Interceptors run in list order, the first one outermost. Frame filters
/// remain the place for byte-level work such as compression.
/// </summary>
/// <remarks>
/// An interceptor can read the call's context, short-circuit (throw <see cref="RpcException"/> to answer a status
/// without calling the continuation), or wrap the continuation (timing, logging, retries on the client). One instance
/// serves every call of its server or client at once, from several threads: keep it thread-safe.
/// </remarks>
/// <example>
/// <code>
/// sealed class Timing(ILogger logger) : RpcInterceptor
/// {
///     public override async ValueTask&lt;TResponse&gt; UnaryServerHandlerAsync&lt;TRequest, TResponse&gt;(TRequest request, RpcCallContext context, RpcUnaryHandler&lt;TRequest, TResponse&gt; continuation)
///     {
///         var started = Stopwatch.GetTimestamp();
///         try { return await continuation(request, context); }
///         finally { logger.LogInformation("{Method} took {Elapsed}", context.Method.Name, Stopwatch.GetElapsedTime(started)); }
///     }
/// }
/// </code>
/// </example>
public abstract class RpcInterceptor
{
    /// <summary>
    /// Runs around one typed server call, on the connection's shard, after the request was verified and authorized and
    /// before the handler. Call <paramref name="continuation"/> to go on (to the next interceptor, then the handler);
    /// set <see cref="RpcCallContext.Status"/> or throw <see cref="RpcException"/> to answer a status instead.
    /// </summary>
    /// <typeparam name="TRequest">The accessor struct of the request table.</typeparam>
    /// <typeparam name="TResponse">The object-API class of the response table.</typeparam>
    /// <param name="request">The request, read in place; valid until the returned task completes.</param>
    /// <param name="context">The call (method, service, peer and its certificate, shard, cancellation).</param>
    /// <param name="continuation">The rest of the chain.</param>
    /// <returns>The response to serialize.</returns>
    public virtual ValueTask<TResponse> UnaryServerHandlerAsync<TRequest, TResponse>(TRequest request, RpcCallContext context, RpcUnaryHandler<TRequest, TResponse> continuation)
        where TRequest : struct, IFlatbufferObject, IRpcTable<TRequest>
        where TResponse : class, IRpcObject<TResponse>
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, context);
    }

    /// <summary>
    /// Runs around one typed client call (every call of a generated client, with or without status), on the caller's
    /// thread. Call <paramref name="continuation"/> to send the request, once or again (a retry: the request is
    /// serialized on each call), with the same context or one with other <see cref="RpcClientCallContext.Options"/>;
    /// throw to fail the call without sending it.
    /// </summary>
    /// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
    /// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
    /// <param name="request">The request; <see langword="null"/> sends an empty table.</param>
    /// <param name="context">The call (client, request id, options).</param>
    /// <param name="continuation">The rest of the chain.</param>
    /// <returns>The reply; the caller disposes it.</returns>
    public virtual ValueTask<RpcResponse<TResponse>> UnaryCallAsync<TRequest, TResponse>(TRequest? request, RpcClientCallContext context, RpcClientContinuation<TRequest, TResponse> continuation)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        ArgumentNullException.ThrowIfNull(continuation);
        return continuation(request, context);
    }
}
