using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Observability;

/// <summary>
/// The Prometheus scrape endpoint (Smf:Server:MetricsPort), scraped over real HTTP on loopback. The endpoint serves
/// every Smf.Server meter of the process, so this class runs alone.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class MetricsEndpointTests
{
    [TestMethod]
    public async Task MetricsPort_AfterCalls_ScrapeShowsTheCallsPerMethodInPrometheusText()
    {
        var metricsPort = FreePort();
        var histograms = Path.Combine(Path.GetTempPath(), "smf-host-hgrm-" + Guid.NewGuid().ToString("N"));
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:MetricsPort", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Smf:Server:LatencyHistogramDirectory", histograms));
        builder.Services.AddSingleton(new Journal());
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var port = host.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port;
            var clientBuilder = TestHosts.CreateBuilder();
            clientBuilder.Services.AddSmfClient<KeyValueClient>("kv", o => o.Address = $"127.0.0.1:{port}");
            using (var clientHost = clientBuilder.Build())
            {
                await clientHost.StartAsync();
                var client = clientHost.Services.GetRequiredService<KeyValueClient>();
                for (var i = 0; i < 3; i++)
                {
                    await client.PutAsync($"key{i}");
                }

                await clientHost.StopAsync();
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");

            var samples = Parse(text);
            var calls = samples.Where(s => s.Name == "rpc_server_call_duration_seconds_count" && s.Labels.GetValueOrDefault("rpc_method") == "Put").ToArray();
            Assert.AreEqual(1, calls.Length, text);
            Assert.AreEqual(3, calls[0].Value, "The count of Put calls.");
            Assert.AreEqual("smf", calls[0].Labels["rpc_system"]);
            Assert.AreEqual("200", calls[0].Labels["rpc_response_status_code"]);
            Assert.AreEqual(3, samples.Single(s => s.Name == "smf_server_requests_total").Value, "The smf request counter.");
            StringAssert.Contains(text, "# TYPE rpc_server_call_duration_seconds histogram");
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.IsTrue(File.Exists(Path.Combine(histograms, "server_latency.hgrm")), "The host writes the .hgrm files at stop.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(histograms, "server_latency.hgrm")), "Total count");
        Directory.Delete(histograms, recursive: true);
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Parses the Prometheus text format: <c>name{label="value",...} number</c> per sample line.</summary>
    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Parse(string text)
    {
        var line = new Regex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)(\s+\d+)?$");
        var label = new Regex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""");
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var raw in text.Split('\n'))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            var match = line.Match(raw);
            Assert.IsTrue(match.Success, $"Not a Prometheus sample line: '{raw}'");
            var labels = label.Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture),
            };
            samples.Add((match.Groups["name"].Value, labels, value));
        }

        return samples;
    }
}
