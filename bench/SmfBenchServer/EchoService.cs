using Google.FlatBuffers;
using kvstore.fbs;
using Smf;
using Smf.Server;

namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// The payload-size shapes' service: Echo answers an <see cref="EchoResponse"/> carrying the request's value bytes.
/// The generated object API holds a <c>[ubyte]</c> as a <c>List&lt;byte&gt;</c> (one element at a time), so Echo is
/// swapped for a raw method that verifies the request with the generated verifier and then either builds the reply
/// (<c>buildReply</c>: the value read in place, written into the shard's reply builder with the generated
/// <c>CreateValueVector</c>, which <see cref="RpcCallContext.Reply(RpcStatus, FlatBufferBuilder, Smf.Protocol.CompressionFlags)"/>
/// copies into the reply buffer) or answers the request's own bytes (<see cref="EchoRequest"/> and
/// <see cref="EchoResponse"/> have one layout, so a finished request is a finished response: the raw echo of
/// docs/runtime.md, one copy).
/// </summary>
internal sealed class EchoService(bool buildReply) : Echo
{
    private RpcMethod[]? _methods;

    public override IReadOnlyList<RpcMethod> Methods => _methods ??= [new RpcMethod("Echo", EchoIds.EchoMethodId, buildReply ? EchoBuilt : EchoRequestBytes)];

    private static ValueTask<RpcReply> EchoBuilt(RpcCallContext context)
    {
        if (!EchoRequest.Verify(context.Payload.Span))
        {
            return new(RpcReply.WithStatus(RpcStatus.BadRequest));
        }

        var segment = context.PayloadSegment;
        var request = EchoRequest.GetRootAsEchoRequest(new ByteBuffer(segment.Array!, segment.Offset));
        var builder = context.GetReplyBuilder();
        var value = EchoResponse.CreateValueVector(builder, request.GetValueBytes());
        EchoResponse.FinishEchoResponseBuffer(builder, EchoResponse.CreateEchoResponse(builder, value));
        return new(context.Reply(RpcStatus.Ok, builder));
    }

    private static ValueTask<RpcReply> EchoRequestBytes(RpcCallContext context) =>
        new(EchoRequest.Verify(context.Payload.Span)
            ? context.Reply(RpcStatus.Ok, context.Payload.Span)
            : RpcReply.WithStatus(RpcStatus.BadRequest));
}
