using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Client;

/// <summary>
/// What a generated client calls through: one server (<see cref="RpcClient"/>) or many
/// (<see cref="Balancing.RpcChannel"/>), the counterpart of gRPC's <c>CallInvoker</c>. Both implement the same three
/// call shapes with the same exceptions; the channel also reads <see cref="RpcCallOptions.RoutingKey"/> and
/// <see cref="RpcCallOptions.IsIdempotent"/>.
/// </summary>
public interface IRpcCallInvoker
{
    /// <summary>Sends one request with a payload already serialized and waits for its reply, whatever its status.</summary>
    /// <param name="requestId">The request id (<see cref="Protocol.RequestId.Combine"/> of the service and method ids).</param>
    /// <param name="payload">The finished FlatBuffer of the request table; not empty. Copied before this method returns.</param>
    /// <param name="options">The call's deadline, cancellation, compression hint and routing.</param>
    /// <returns>The reply; dispose it to return its pooled payload.</returns>
    ValueTask<RpcResponse> CallAsync(uint requestId, ReadOnlyMemory<byte> payload, RpcCallOptions options = default);

    /// <summary>Serializes <paramref name="request"/>, sends it and returns the reply whatever its status, read in place.</summary>
    /// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
    /// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
    /// <param name="requestId">The request id.</param>
    /// <param name="request">The request; <see langword="null"/> sends an empty table.</param>
    /// <param name="options">The call's deadline, cancellation, compression hint and routing.</param>
    /// <returns>The reply; dispose it to return its pooled payload.</returns>
    ValueTask<RpcResponse<TResponse>> CallAsync<TRequest, TResponse>(uint requestId, TRequest? request, RpcCallOptions options = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>;

    /// <summary>
    /// Serializes <paramref name="request"/>, sends it and reads the reply with <paramref name="read"/> when its status
    /// is <see cref="RpcStatus.Ok"/>; any other status throws <see cref="RpcException"/>.
    /// </summary>
    /// <typeparam name="TRequest">The object-API class of the request table.</typeparam>
    /// <typeparam name="TResponse">The accessor struct of the response table.</typeparam>
    /// <typeparam name="TResult">What <paramref name="read"/> makes of the response.</typeparam>
    /// <param name="requestId">The request id.</param>
    /// <param name="request">The request; <see langword="null"/> sends an empty table.</param>
    /// <param name="read">Reads the verified response table; its result must not keep the table.</param>
    /// <param name="options">The call's deadline, cancellation, compression hint and routing.</param>
    /// <returns>What <paramref name="read"/> returned.</returns>
    ValueTask<TResult> CallAsync<TRequest, TResponse, TResult>(uint requestId, TRequest? request, Func<TResponse, TResult> read, RpcCallOptions options = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>;
}
