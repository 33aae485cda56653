using kvstore.fbs;
using Smf.Messages;

namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// The benchmark's MemoryNode: the generated service base class with the typed Put override a user
/// writes (the seed's kvstore_service without its log line). It verifies the request, checks that a
/// key came (reading the bytes in place: no string is made) and answers an empty PutResponse, status 200.
/// </summary>
internal sealed class MemoryNodeService : MemoryNode
{
    public override ValueTask<RpcTypedEnvelope<PutResponseT>> PutAsync(RpcRecvTypedContext<PutRequest> request, CancellationToken cancellationToken)
    {
        if (!request.Verify() || request.Get().GetKeyBytes().IsEmpty)
        {
            return new(new RpcTypedEnvelope<PutResponseT>(null) { Status = 400 });
        }

        return new(new RpcTypedEnvelope<PutResponseT>(null)); // an empty PutResponse, status 200
    }
}
