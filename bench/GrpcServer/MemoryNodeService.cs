using Grpc.Core;
using Kvstore.Grpc;

namespace Smf.Bench.GrpcServer;

/// <summary>
/// The gRPC twin of the benchmark's MemoryNode.Put handler: it checks that a key came and answers
/// an empty PutResponse (cached, gRPC's cheapest possible reply).
/// </summary>
internal sealed class MemoryNodeService : MemoryNode.MemoryNodeBase
{
    private static readonly Task<PutResponse> Reply = Task.FromResult(new PutResponse());

    public override Task<PutResponse> Put(PutRequest request, ServerCallContext context) =>
        request.Key.Length > 0
            ? Reply
            : throw new RpcException(new Status(StatusCode.InvalidArgument, "The Put request has an empty key."));
}
