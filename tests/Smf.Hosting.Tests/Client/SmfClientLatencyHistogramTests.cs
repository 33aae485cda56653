using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Client;

[TestClass]
public sealed class SmfClientLatencyHistogramTests
{
    [TestMethod]
    public async Task LatencyHistogramPath_HostStops_WritesTheClientsHgrmWithEveryCall()
    {
        // Arrange: a hosted server, and a client host whose client writes its latency histogram at stop.
        var serverBuilder = TestHosts.CreateBuilder();
        serverBuilder.Services.AddSingleton(new Journal());
        serverBuilder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var serverHost = serverBuilder.Build();
        await serverHost.StartAsync();
        var port = serverHost.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port;
        var path = Path.Combine(Path.GetTempPath(), "smf-hosting-tests", Guid.NewGuid().ToString("N"), "clients_latency.hgrm");
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:kv:Address", $"127.0.0.1:{port}"), ("Smf:Clients:kv:LatencyHistogramPath", path));
        builder.Services.AddSmfClient<KeyValueClient>("kv");
        var host = builder.Build();
        await host.StartAsync();

        // Act
        var client = host.Services.GetRequiredService<KeyValueClient>();
        for (var i = 0; i < 7; i++)
        {
            await client.PutAsync($"k{i}");
        }

        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
        await serverHost.StopAsync();

        // Assert: HdrHistogram's percentile text, whose footer counts the calls made.
        Assert.IsTrue(File.Exists(path), $"No histogram at {path}.");
        var text = await File.ReadAllTextAsync(path);
        StringAssert.Contains(text, "Percentile TotalCount");
        StringAssert.Matches(text, new System.Text.RegularExpressions.Regex(@"Total count\s*=\s*7\]"));
    }
}
