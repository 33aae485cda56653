using Smf.Health;
using Smf.Server;

namespace Smf.Hosting.Internal;

/// <summary>
/// The smf health service of a hosted server: <c>Check("")</c> answers <see cref="ServingStatus.Serving"/> while the
/// server serves and <see cref="ServingStatus.NotServing"/> while it drains; <c>Check(name)</c> answers the same for a
/// service it routes to, and <see cref="ServingStatus.ServiceUnknown"/> with status 404 for any other name.
/// </summary>
internal sealed class SmfHealthService(SmfServer server) : HealthService
{
    private static readonly HealthCheckResponseT Serving = new() { Status = ServingStatus.Serving };
    private static readonly HealthCheckResponseT NotServing = new() { Status = ServingStatus.NotServing };
    private static readonly HealthCheckResponseT Unknown = new() { Status = ServingStatus.ServiceUnknown };

    public override ValueTask<HealthCheckResponseT> CheckAsync(HealthCheckRequest request, RpcCallContext context)
    {
        if (request.Service is { Length: > 0 } service && !server.ServiceNames.Contains(service, StringComparer.Ordinal))
        {
            context.Status = RpcStatus.NotFound;
            return ValueTask.FromResult(Unknown);
        }

        return ValueTask.FromResult(server.State == SmfServerState.Serving ? Serving : NotServing);
    }
}
