using Microsoft.Extensions.Diagnostics.HealthChecks;
using Smf.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the smf server's health check: <c>builder.Services.AddHealthChecks().AddSmfHealthChecks()</c>.</summary>
public static class SmfHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of the hosted smf server (<c>AddSmfServer</c>): <paramref name="failureStatus"/> while it is not
    /// listening or is draining; <see cref="HealthStatus.Degraded"/> while a shard is stalled (its heartbeat waited
    /// longer than <c>Smf:Server:ShardStallTimeout</c>) or holds 90% or more of its in-flight byte budget
    /// (<c>Smf:Server:MaxInFlightBytesPerShard</c>); <see cref="HealthStatus.Healthy"/> otherwise.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name. Defaults to <c>smf</c>.</param>
    /// <param name="failureStatus">What the check reports while the server does not serve; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks with (e.g. <c>ready</c>); <see langword="null"/> for none.</param>
    /// <returns><paramref name="builder"/>, to chain.</returns>
    public static IHealthChecksBuilder AddSmfHealthChecks(this IHealthChecksBuilder builder, string name = "smf", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<SmfServerHealthCheck>(name, failureStatus, tags ?? []);
    }
}
