using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Smf.Hosting.Internal;

/// <summary>
/// The health check <c>AddSmfHealthChecks</c> registers: the registration's failure status (unhealthy by default)
/// unless the server serves; degraded while a shard is stalled or holds at least <see cref="BudgetDegradedRatio"/>
/// of its in-flight byte budget; healthy otherwise.
/// </summary>
internal sealed class SmfServerHealthCheck(SmfServer server) : IHealthCheck
{
    /// <summary>The share of <c>MaxInFlightBytesPerShard</c> from which a shard counts as out of budget.</summary>
    public const double BudgetDegradedRatio = 0.9;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rpcServer = server.RpcServer;
        var heartbeats = server.Heartbeats;
        var state = server.State;
        if (state != SmfServerState.Serving || rpcServer is null || heartbeats is null)
        {
            var why = state switch
            {
                SmfServerState.Draining => "The smf server is draining: it no longer accepts connections.",
                SmfServerState.Stopped => "The smf server has stopped.",
                _ => "The smf server is not listening yet.",
            };
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, why, data: new Dictionary<string, object> { ["state"] = state.ToString() }));
        }

        var problems = new List<string>();
        var data = new Dictionary<string, object> { ["state"] = state.ToString(), ["endpoint"] = server.LocalEndPoint.ToString() };
        var budget = rpcServer.MaxInFlightBytesPerShard;
        for (var shard = 0; shard < heartbeats.Count; shard++)
        {
            if (heartbeats.StalledFor(shard) is { } waited)
            {
                problems.Add($"shard {shard} has not run its heartbeat for {waited.TotalSeconds:F1} s (ShardStallTimeout {heartbeats.StallTimeout.TotalSeconds:F1} s)");
                data[$"shard{shard}.stalled_seconds"] = waited.TotalSeconds;
            }

            var inFlight = rpcServer.GetInFlightBytes(shard);
            data[$"shard{shard}.inflight_bytes"] = inFlight;
            if (inFlight >= budget * BudgetDegradedRatio)
            {
                problems.Add($"shard {shard} holds {inFlight} of its {budget} in-flight request bytes (MaxInFlightBytesPerShard)");
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"The smf server serves on {server.LocalEndPoint} with {heartbeats.Count} shards.", data)
            : HealthCheckResult.Degraded($"The smf server is degraded: {string.Join("; ", problems)}.", data: data));
    }
}
