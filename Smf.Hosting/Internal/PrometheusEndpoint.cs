using OpenTelemetry;
using OpenTelemetry.Metrics;
using Smf.Diagnostics;

namespace Smf.Hosting.Internal;

/// <summary>
/// The opt-in scrape endpoint (<see cref="SmfServerOptions.MetricsPort"/>): a meter provider of its own that reads the
/// <c>Smf.Server</c> and <c>Smf.Client</c> meters and serves them with OpenTelemetry's Prometheus HttpListener
/// exporter at <c>/metrics</c>. Independent of any OpenTelemetry pipeline the application sets up.
/// </summary>
internal static class PrometheusEndpoint
{
    public static IDisposable Start(string address, int port)
    {
        var host = Host(address);
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(SmfTelemetry.ServerMeterName, SmfTelemetry.ClientMeterName)
            .AddPrometheusHttpListener(o =>
            {
                o.Host = host;
                o.Port = port;
                o.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
    }

    /// <summary>The scrape URL: the server's address (any address listens on every interface), the port, <c>/metrics</c>.</summary>
    public static string Url(string address, int port) => $"http://{Host(address)}:{port}/metrics";

    private static string Host(string address) => address switch
    {
        "0.0.0.0" or "::" => "*",
        "localhost" => "127.0.0.1",
        _ when address.Contains(':', StringComparison.Ordinal) => $"[{address}]",
        _ => address,
    };
}
