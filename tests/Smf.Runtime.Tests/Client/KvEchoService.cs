using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;

namespace Smf.Runtime.Tests.Client;

/// <summary>
/// MemoryNode with the published request id of Put, written the way generated code uses the typed API: it echoes the
/// verified request back as the reply table, and throws for the key "throw".
/// </summary>
internal sealed class KvEchoService : RpcService
{
    public static readonly uint PutMethodId = RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse");

    private readonly RpcMethod[] _methods = [RpcMethod.Unary<PutRequest, PutRequestT>("Put", PutMethodId, PutAsync)];

    public override string Name => "MemoryNode";

    public override IReadOnlyList<RpcMethod> Methods => _methods;

    private static ValueTask<PutRequestT> PutAsync(PutRequest request, RpcCallContext context)
    {
        if (request.Key == "throw")
        {
            throw new InvalidOperationException("The handler failed on purpose.");
        }

        return new ValueTask<PutRequestT>(new PutRequestT { Key = request.Key, Value = request.Value });
    }
}
