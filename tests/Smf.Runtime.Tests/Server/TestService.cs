using System.Buffers.Binary;
using Smf.Protocol;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// A hand-written service descriptor (no code generator): each method exercises one server behaviour.
/// Payloads are opaque bytes here; the server never interprets them.
/// </summary>
internal sealed class TestService : RpcService
{
    public const string ServiceName = "TestService";

    private readonly RpcMethod[] _methods;
    private readonly TestServiceState _state;

    public TestService(TestServiceState state, int shardId)
    {
        _state = state;
        CreatedOnShard = shardId;
        CreatedOnThreadShard = Shard.CurrentId;
        _methods =
        [
            new RpcMethod("Echo", MethodId("Echo"), Echo),
            new RpcMethod("Throw", MethodId("Throw"), Throw),
            new RpcMethod("ThrowAsync", MethodId("ThrowAsync"), ThrowAsync),
            new RpcMethod("Unimplemented", MethodId("Unimplemented"), static _ => new ValueTask<RpcReply>(RpcReply.WithStatus(RpcStatus.NotImplemented))),
            new RpcMethod("Default", MethodId("Default"), static _ => default),
            new RpcMethod("WhichShard", MethodId("WhichShard"), WhichShard),
            new RpcMethod("Gate", MethodId("Gate"), GateAsync),
            new RpcMethod("Yield", MethodId("Yield"), YieldAsync),
            new RpcMethod("OffShard", MethodId("OffShard"), OffShardAsync),
        ];
    }

    public int CreatedOnShard { get; }

    public int CreatedOnThreadShard { get; }

    public override string Name => ServiceName;

    public override IReadOnlyList<RpcMethod> Methods => _methods;

    public static uint MethodId(string method) => RequestId.ForMethod(method, "test::Request", "test::Response");

    public static uint Id(string method) => RequestId.Combine(RequestId.ForService(ServiceName), MethodId(method));

    private static ValueTask<RpcReply> Echo(RpcCallContext context) =>
        new(context.Reply(RpcStatus.Ok, context.Payload.Span));

    private ValueTask<RpcReply> Throw(RpcCallContext context) =>
        throw new InvalidOperationException("The test handler throws synchronously.");

    private static async ValueTask<RpcReply> ThrowAsync(RpcCallContext context)
    {
        await Task.Yield();
        throw new InvalidOperationException("The test handler throws after an await.");
    }

    private static ValueTask<RpcReply> WhichShard(RpcCallContext context)
    {
        Span<byte> payload = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(payload, context.ShardId);
        BinaryPrimitives.WriteInt32LittleEndian(payload[4..], Shard.CurrentId);
        return new(context.Reply(RpcStatus.Ok, payload));
    }

    /// <summary>Waits until the test opens the gate, then echoes; proves pipelining, drain and budget behaviour.</summary>
    private async ValueTask<RpcReply> GateAsync(RpcCallContext context)
    {
        _state.GateEntered();
        await _state.Gate.Task.WaitAsync(context.CancellationToken);
        var shardAfterAwait = Shard.CurrentId;
        return context.Reply(shardAfterAwait == context.ShardId ? RpcStatus.Ok : RpcStatus.Conflict, context.Payload.Span);
    }

    /// <summary>Resumes on the thread pool, builds the reply there and replies with the shard it ran on (-1: off shard).</summary>
    private static async ValueTask<RpcReply> OffShardAsync(RpcCallContext context)
    {
        await Task.Delay(1).ConfigureAwait(false);
        var builder = context.GetReplyBuilder();
        var isShardBuilder = ReferenceEquals(builder, context.GetReplyBuilder());
        builder.StartTable(1);
        builder.AddInt(0, Shard.CurrentId, 0);
        builder.Finish(builder.EndTable());
        return context.Reply(isShardBuilder ? RpcStatus.Conflict : RpcStatus.Ok, builder);
    }

    /// <summary>Yields to the loop so that later pipelined requests finish first; replies carry the payload.</summary>
    private static async ValueTask<RpcReply> YieldAsync(RpcCallContext context)
    {
        var delay = context.Payload.Span[0];
        for (var i = 0; i < delay; i++)
        {
            await Task.Yield();
        }

        return context.Reply(Shard.CurrentId == context.ShardId ? RpcStatus.Ok : RpcStatus.Conflict, context.Payload.Span);
    }
}
