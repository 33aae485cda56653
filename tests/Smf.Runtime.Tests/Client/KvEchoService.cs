using Smf.Messages;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;

namespace Smf.Runtime.Tests.Client;

/// <summary>
/// MemoryNode with the published request id of Put, written the way generated code uses the typed API:
/// it verifies the request, echoes it back as the reply table, and throws for the key "throw".
/// </summary>
internal sealed class KvEchoService : RpcService
{
    public static readonly uint PutMethodId = RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse");

    private readonly RpcMethod[] _methods = [new RpcMethod("Put", PutMethodId, PutAsync)];

    public override string Name => "MemoryNode";

    public override IReadOnlyList<RpcMethod> Methods => _methods;

    private static ValueTask<RpcReply> PutAsync(RpcCallContext context)
    {
        using var request = RpcRecvTypedContext<PutRequest>.Rent(context.Header, context.PayloadSegment, null);
        if (!request.Verify())
        {
            return new ValueTask<RpcReply>(RpcReply.WithStatus(400));
        }

        var put = request.Get();
        if (put.Key == "throw")
        {
            throw new InvalidOperationException("The handler failed on purpose.");
        }

        var reply = new RpcTypedEnvelope<PutRequestT>(new PutRequestT { Key = put.Key, Value = put.Value });
        var payload = reply.Serialize(context.GetReplyBuilder());
        return new ValueTask<RpcReply>(context.Reply(reply.Status, payload));
    }
}
