using Google.FlatBuffers;
using kvstore.fbs;
using Smf;
using Smf.Server;

namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// The payload-size shapes' service: Echo answers an <see cref="EchoResponse"/> carrying the request's value bytes.
/// The generated object API holds a <c>[ubyte]</c> as a <c>List&lt;byte&gt;</c> (one element at a time), so Echo is
/// swapped for a raw method that verifies the request with the generated verifier, reads the value in place and
/// copies it once into the shard's reply builder, which <see cref="RpcCallContext.Reply(RpcStatus, FlatBufferBuilder, Smf.Protocol.CompressionFlags)"/>
/// copies into the reply buffer.
/// </summary>
internal sealed class EchoService : Echo
{
    private RpcMethod[]? _methods;

    public override IReadOnlyList<RpcMethod> Methods => _methods ??= [new RpcMethod("Echo", EchoIds.EchoMethodId, EchoRaw)];

    private static ValueTask<RpcReply> EchoRaw(RpcCallContext context)
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
}
