using System.Net;
using Smf.Client;

namespace Smf.Interceptors;

/// <summary>One typed client call as a client interceptor sees it; <c>with</c> makes one with other options (a retry's deadline).</summary>
/// <param name="Client">The client making the call.</param>
/// <param name="RequestId">The request id (service id XOR method id), e.g. a generated <c>MemoryNodeIds.PutRequestId</c>.</param>
/// <param name="Options">The call's deadline, cancellation and compression hint.</param>
public readonly record struct RpcClientCallContext(RpcClient Client, uint RequestId, RpcCallOptions Options)
{
    /// <summary>The server the call goes to.</summary>
    public EndPoint EndPoint => Client.EndPoint;
}
