using Smf.Balancing;
using Smf.Client;
using Smf.Health;
using Smf.Protocol;

namespace Smf.Hosting.Tests.Client;

/// <summary>
/// The typed client of <see cref="RecordingService"/>, shaped like a generated one: it takes an
/// <see cref="IRpcCallInvoker"/> and routes a keyed call by its key, as a <c>(routing_key)</c> field does.
/// </summary>
public sealed class RecordingClient(IRpcCallInvoker callInvoker)
{
    public static readonly uint RecordRequestId = RequestId.Combine(RequestId.ForService(RecordingService.ServiceName), RecordingService.RecordId);

    public IRpcCallInvoker CallInvoker { get; } = callInvoker;

    /// <summary>A call routed by <paramref name="key"/>.</summary>
    public ValueTask<ServingStatus> RecordAsync(string key, RpcCallOptions options = default) =>
        CallInvoker.CallAsync<HealthCheckRequestT, HealthCheckResponse, ServingStatus>(
            RecordRequestId, new HealthCheckRequestT { Service = key }, static r => r.Status, RpcRouting.Route(options, key, idempotent: false));

    /// <summary>A call without a routing key; the server records <paramref name="label"/>.</summary>
    public ValueTask<ServingStatus> RecordUnkeyedAsync(string label) =>
        CallInvoker.CallAsync<HealthCheckRequestT, HealthCheckResponse, ServingStatus>(
            RecordRequestId, new HealthCheckRequestT { Service = label }, static r => r.Status);
}
