using Google.FlatBuffers;
using Smf.Messages;
using Smf.Protocol;
using Smf.Server.Internal;

namespace Smf.Server;

/// <summary>
/// One method of an <see cref="RpcService"/>: its name, its method id and the handler the server routes to.
/// Generated services make one per schema method with <see cref="Unary{TRequest, TResponse}"/>.
/// </summary>
public sealed class RpcMethod
{
    /// <summary>Creates a method whose handler works on the raw bytes (the expert hook: no typed layer in between).</summary>
    /// <param name="name">The method name as written in the schema, e.g. <c>Put</c>.</param>
    /// <param name="methodId">
    /// The method id: <see cref="RequestId.ForMethod"/> of the name and the C++-qualified request and response types.
    /// </param>
    /// <param name="handler">The handler the server calls for requests whose request id matches.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="handler"/> is null.</exception>
    public RpcMethod(string name, uint methodId, RpcMethodHandler handler)
        : this(name, methodId, handler, requestType: null)
    {
    }

    private RpcMethod(string name, uint methodId, RpcMethodHandler handler, Type? requestType)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Name = name;
        MethodId = methodId;
        Handler = handler;
        RequestType = requestType;
    }

    /// <summary>The method name as written in the schema.</summary>
    public string Name { get; }

    /// <summary>The method id; the request id routed to this method is the service id XOR this value.</summary>
    public uint MethodId { get; }

    /// <summary>The handler the server calls for this method.</summary>
    public RpcMethodHandler Handler { get; }

    /// <summary>The accessor type of the request table, or <see langword="null"/> for a raw method.</summary>
    public Type? RequestType { get; }

    /// <summary>
    /// Creates a typed method: the server verifies each request (unless the service turns it off), hands the handler
    /// a zero-copy accessor over it, and serializes the response it returns with the shard's builder. A handler that
    /// throws <see cref="RpcException"/> answers its status; any other exception answers 500.
    /// </summary>
    /// <typeparam name="TRequest">The accessor struct of the request table.</typeparam>
    /// <typeparam name="TResponse">The object-API class of the response table.</typeparam>
    /// <param name="name">The method name as written in the schema, e.g. <c>Put</c>.</param>
    /// <param name="methodId">The method id (see <see cref="RpcMethod(string, uint, RpcMethodHandler)"/>).</param>
    /// <param name="handler">The typed handler, usually the generated service's virtual method.</param>
    /// <returns>The method, for the service's routing table.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="handler"/> is null.</exception>
    public static RpcMethod Unary<TRequest, TResponse>(string name, uint methodId, RpcUnaryHandler<TRequest, TResponse> handler)
        where TRequest : struct, IFlatbufferObject, IRpcTable<TRequest>
        where TResponse : class, IRpcObject<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new RpcMethod(name, methodId, new UnaryDispatcher<TRequest, TResponse>(handler).HandleAsync, typeof(TRequest));
    }
}
