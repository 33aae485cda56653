namespace Smf.Diagnostics;

/// <summary>
/// The names under which Smf.Runtime publishes its telemetry: give them to OpenTelemetry's <c>AddMeter</c> and
/// <c>AddSource</c> (docs/observability.md lists every instrument and span attribute).
/// </summary>
public static class SmfTelemetry
{
    /// <summary>The meter of servers: <c>rpc.server.*</c> and <c>smf.server.*</c> instruments.</summary>
    public const string ServerMeterName = "Smf.Server";

    /// <summary>The meter of clients: <c>rpc.client.*</c> instruments.</summary>
    public const string ClientMeterName = "Smf.Client";

    /// <summary>The activity source of server spans (kind server, one per call).</summary>
    public const string ServerActivitySourceName = "Smf.Server";

    /// <summary>The activity source of client spans (kind client, one per call).</summary>
    public const string ClientActivitySourceName = "Smf.Client";

    /// <summary>The value of the <c>rpc.system</c> tag on every instrument and span.</summary>
    public const string RpcSystem = "smf";
}
