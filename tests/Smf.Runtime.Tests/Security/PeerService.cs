using System.Runtime.CompilerServices;
using System.Text;
using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Security;

/// <summary>
/// A raw service whose Who method answers the subject of the caller's certificate as UTF-8 ("-" without one), and counts
/// its calls in <paramref name="calls"/>; its Echo method answers the request's bytes.
/// </summary>
internal sealed class PeerService(StrongBox<int> calls) : RpcService
{
    public const string ServiceName = "Peer";

    public static readonly uint WhoMethodId = RequestId.ForMethod("Who", "test::Req", "test::Resp");

    public static readonly uint WhoId = RequestId.Combine(RequestId.ForService(ServiceName), WhoMethodId);

    public static readonly uint EchoMethodId = RequestId.ForMethod("Echo", "test::Req", "test::Req");

    public static readonly uint EchoId = RequestId.Combine(RequestId.ForService(ServiceName), EchoMethodId);

    private RpcMethod[]? _methods;

    public override string Name => ServiceName;

    public override IReadOnlyList<RpcMethod> Methods => _methods ??= [new RpcMethod("Who", WhoMethodId, Who), new RpcMethod("Echo", EchoMethodId, Echo)];

    private ValueTask<RpcReply> Who(RpcCallContext context)
    {
        Interlocked.Increment(ref calls.Value);
        var subject = context.PeerCertificate?.Subject ?? "-";
        return new(context.Reply(RpcStatus.Ok, Encoding.UTF8.GetBytes(subject)));
    }

    private static ValueTask<RpcReply> Echo(RpcCallContext context) => new(context.Reply(RpcStatus.Ok, context.Payload.Span));
}
