using Smf.Health;
using Smf.Protocol;
using Smf.Server;

namespace Smf.Hosting.Tests.Client;

/// <summary>A test service over the health schema's tables: <c>Record</c> adds the request's <c>service</c> field to the server's <see cref="CallRecord"/>.</summary>
public sealed class RecordingService : RpcService
{
    public const string ServiceName = "Recording";
    public static readonly uint RecordId = RequestId.ForMethod("Record", "Test::Key", "Test::Ack");

    private static readonly HealthCheckResponseT Ack = new() { Status = ServingStatus.Serving };

    public RecordingService(CallRecord record) =>
        Methods =
        [
            RpcMethod.Unary<HealthCheckRequest, HealthCheckResponseT>("Record", RecordId, (request, _) =>
            {
                record.Add(request.Service ?? string.Empty);
                return ValueTask.FromResult(Ack);
            }),
        ];

    public override string Name => ServiceName;

    public override IReadOnlyList<RpcMethod> Methods { get; }
}
