using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Client;

/// <summary>Hosted <see cref="RecordingService"/> servers on free 127.0.0.1 ports, one shard each, each with its own <see cref="CallRecord"/>.</summary>
public sealed class ServerFleet : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private ServerFleet()
    {
    }

    public IReadOnlyList<int> Ports { get; private set; } = [];

    public IReadOnlyList<CallRecord> Records { get; private set; } = [];

    /// <summary><c>127.0.0.1:port</c> of each server, as configuration and <see cref="Balancing.RpcChannel"/> name them.</summary>
    public IReadOnlyList<string> Addresses => [.. Ports.Select(p => $"127.0.0.1:{p}")];

    public static async Task<ServerFleet> StartAsync(int count)
    {
        var fleet = new ServerFleet();
        var ports = new List<int>();
        var records = new List<CallRecord>();
        for (var i = 0; i < count; i++)
        {
            var record = new CallRecord();
            var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Shards", "1"));
            builder.Services.AddSingleton(record);
            builder.Services.AddSmfServer().AddService<RecordingService>();
            var host = builder.Build();
            fleet._hosts.Add(host);
            await host.StartAsync();
            ports.Add(host.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port);
            records.Add(record);
        }

        fleet.Ports = ports;
        fleet.Records = records;
        return fleet;
    }

    /// <summary>The record of the server at <paramref name="address"/> (<c>127.0.0.1:port</c>).</summary>
    public CallRecord RecordOf(string address) => Records[Addresses.ToList().IndexOf(address)];

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
