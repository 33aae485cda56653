using System.Runtime.CompilerServices;
using System.Text;
using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Security;

/// <summary>A raw service whose Who method answers the subject of the caller's certificate as UTF-8 ("-" without one), and counts its calls in <paramref name="calls"/>.</summary>
internal sealed class PeerService(StrongBox<int> calls) : RpcService
{
    public const string ServiceName = "Peer";

    public static readonly uint WhoMethodId = RequestId.ForMethod("Who", "test::Req", "test::Resp");

    public static readonly uint WhoId = RequestId.Combine(RequestId.ForService(ServiceName), WhoMethodId);

    private RpcMethod[]? _methods;

    public override string Name => ServiceName;

    public override IReadOnlyList<RpcMethod> Methods => _methods ??= [new RpcMethod("Who", WhoMethodId, Who)];

    private ValueTask<RpcReply> Who(RpcCallContext context)
    {
        Interlocked.Increment(ref calls.Value);
        var subject = context.PeerCertificate?.Subject ?? "-";
        return new(context.Reply(RpcStatus.Ok, Encoding.UTF8.GetBytes(subject)));
    }
}
