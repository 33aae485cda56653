using kvstore.fbs;
using Smf;
using Smf.Server;

namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// The benchmark's MemoryNode: the generated service base class with the typed Put override a user
/// writes. The request arrives verified (unless the server runs with <c>VerifyRequests = false</c>);
/// the handler checks that a key came, reading its bytes in place (no string is made), and answers the
/// one shared empty <see cref="PutResponseT"/>, status 200.
/// </summary>
internal sealed class MemoryNodeService : MemoryNode
{
    // PutResponse has no fields: one shared instance answers every Put, so a call allocates nothing.
    private static readonly PutResponseT Stored = new();

    public override ValueTask<PutResponseT> PutAsync(PutRequest request, RpcCallContext context)
    {
        if (request.GetKeyBytes().IsEmpty)
        {
            context.Status = RpcStatus.BadRequest;
        }

        return new(Stored);
    }
}
