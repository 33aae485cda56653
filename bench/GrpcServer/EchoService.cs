using Grpc.Core;
using Kvstore.Grpc;

namespace Smf.Bench.GrpcServer;

/// <summary>
/// The gRPC twin of the benchmark's Echo handler: the reply carries the request's value back (the same immutable
/// ByteString, so the handler copies nothing; serialization copies it once).
/// </summary>
internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Value = request.Value });
}
