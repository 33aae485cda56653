using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Smf.Diagnostics;

/// <summary>
/// The service and method names of request ids, for the <c>rpc.service</c>/<c>rpc.method</c> tags of client metrics
/// and spans: an smf request carries only its request id. A server registers the methods it serves when it starts,
/// and generated clients register theirs in their static constructor; raw calls of other ids can be named by hand,
/// e.g. <c>RpcMethodNames.Register(MemoryNodeIds.PutRequestId, MemoryNodeIds.ServiceName, "Put")</c>. Thread-safe.
/// </summary>
/// <remarks>A request id nobody registered is tagged <c>rpc.service</c> = <c>unknown</c> and <c>rpc.method</c> = the id in decimal.</remarks>
public static class RpcMethodNames
{
    private static readonly ConcurrentDictionary<uint, (string Service, string Method)> Names = new();

    /// <summary>Registers (or replaces) the names of <paramref name="requestId"/>.</summary>
    /// <param name="requestId">The request id (service id XOR method id).</param>
    /// <param name="service">The service name as in the schema, e.g. <c>MemoryNode</c>.</param>
    /// <param name="method">The method name as in the schema, e.g. <c>Put</c>.</param>
    /// <exception cref="ArgumentException">A name is null or empty.</exception>
    public static void Register(uint requestId, string service, string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentException.ThrowIfNullOrEmpty(method);
        Names[requestId] = (service, method);
    }

    /// <summary>Looks up the names of <paramref name="requestId"/>.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="service">The service name when registered.</param>
    /// <param name="method">The method name when registered.</param>
    /// <returns>Whether the id is registered.</returns>
    public static bool TryGet(uint requestId, [NotNullWhen(true)] out string? service, [NotNullWhen(true)] out string? method)
    {
        if (Names.TryGetValue(requestId, out var names))
        {
            (service, method) = names;
            return true;
        }

        service = method = null;
        return false;
    }
}
