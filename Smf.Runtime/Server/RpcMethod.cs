using Smf.Protocol;

namespace Smf.Server;

/// <summary>
/// One method of an <see cref="RpcService"/>: its name, its method id and the handler the server routes to.
/// </summary>
public sealed class RpcMethod
{
    /// <summary>Creates a method entry for a service's routing table.</summary>
    /// <param name="name">The method name as written in the schema, e.g. <c>Put</c>.</param>
    /// <param name="methodId">
    /// The method id: <see cref="RequestId.ForMethod"/> of the name and the C++-qualified request and response types.
    /// </param>
    /// <param name="handler">The handler the server calls for requests whose request id matches.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="handler"/> is null.</exception>
    public RpcMethod(string name, uint methodId, RpcMethodHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(handler);
        Name = name;
        MethodId = methodId;
        Handler = handler;
    }

    /// <summary>The method name as written in the schema.</summary>
    public string Name { get; }

    /// <summary>The method id; the request id routed to this method is the service id XOR this value.</summary>
    public uint MethodId { get; }

    /// <summary>The handler the server calls for this method.</summary>
    public RpcMethodHandler Handler { get; }
}
