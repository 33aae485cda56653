using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>MemoryNode with the published ids of Put, answering the empty PutResponse the way generated code would.</summary>
internal sealed class PutOnlyService : RpcService
{
    private readonly RpcMethod[] _methods =
    [
        new RpcMethod("Put", RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse"), static context =>
        {
            var builder = context.GetReplyBuilder();
            builder.StartTable(0);
            var table = builder.EndTable();
            builder.Finish(table);
            return new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, builder));
        }),
    ];

    public override string Name => "MemoryNode";

    public override IReadOnlyList<RpcMethod> Methods => _methods;
}
