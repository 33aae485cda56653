using System.Text;
using Smf.Client;
using Smf.Diagnostics;
using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Diagnostics;

/// <summary>
/// A raw service for the telemetry tests: <c>Metadata</c> answers the request's metadata as <c>key=value</c> lines;
/// <c>Relay</c> calls <c>Metadata</c> on another server through <see cref="Downstream"/>, so a trace spans two servers.
/// </summary>
internal sealed class MetadataService : RpcService
{
    public const string ServiceName = "MetadataService";

    private readonly RpcMethod[] _methods;

    public MetadataService() => _methods =
    [
        new RpcMethod("Metadata", MethodId("Metadata"), static c => new(c.Reply(RpcStatus.Ok, Describe(c.RequestMetadata)))),
        new RpcMethod("Relay", MethodId("Relay"), RelayAsync),
        new RpcMethod("Missing", MethodId("Missing"), static _ => new(RpcReply.WithStatus(RpcStatus.NotFound))),
    ];

    /// <summary>The client <c>Relay</c> calls through; set by the test before calling it.</summary>
    public static RpcClient? Downstream { get; set; }

    public override string Name => ServiceName;

    public override IReadOnlyList<RpcMethod> Methods => _methods;

    public static uint Id(string method) => RequestId.Combine(RequestId.ForService(ServiceName), MethodId(method));

    public static byte[] Describe(RpcMetadata metadata)
    {
        var text = string.Join("\n", metadata.Select(e => $"{e.Key}={e.Value}"));
        return text.Length == 0 ? [0] : Encoding.UTF8.GetBytes(text);
    }

    private static uint MethodId(string method) => RequestId.ForMethod(method, "test::Request", "test::Response");

    private static async ValueTask<RpcReply> RelayAsync(RpcCallContext context)
    {
        using var reply = await Downstream!.CallAsync(Id("Metadata"), new byte[] { 1 });
        return context.Reply(reply.Status, reply.Payload.Span);
    }
}
