using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Smf.Hosting;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>
/// The test's <see cref="MemoryNodeService"/> in a hosted smf server (Smf.Hosting, which also serves the smf health
/// service) on 127.0.0.1, a free port and one shard. Its clock is a <see cref="FakeTimeProvider"/> and its
/// shutdown delay 5 s, so a stopping host stays in <see cref="SmfServerState.Draining"/> until the test advances it.
/// </summary>
internal sealed class HostedKvStoreServer : IDisposable
{
    private readonly IHost _host;

    private HostedKvStoreServer(IHost host, FakeTimeProvider clock)
    {
        _host = host;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public SmfServer Server => _host.Services.GetRequiredService<SmfServer>();

    public string Address => $"127.0.0.1:{Server.LocalEndPoint.Port}";

    /// <summary>Builds and starts the host; <paramref name="settings"/> add configuration keys (Smf:Server:Tls:...).</summary>
    public static async Task<HostedKvStoreServer> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(
        [
            new("Smf:Server:Address", "127.0.0.1"),
            new("Smf:Server:Port", "0"),
            new("Smf:Server:Shards", "1"),
            new("Smf:Server:PinToCpus", "false"),
            new("Smf:Server:ShutdownDelay", "00:00:05"),
        ]);
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.ClearProviders();
        var clock = new FakeTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(clock);
        var state = new MemoryNodeService.State();
        builder.Services.AddSmfServer().AddService((_, _) => new MemoryNodeService(state));
        var host = builder.Build();
        await host.StartAsync();
        return new HostedKvStoreServer(host, clock);
    }

    /// <summary>Starts stopping the host and returns once the server drains (it reports NOT_SERVING); the returned task completes when the test advances <see cref="Clock"/> past the shutdown delay.</summary>
    public async Task<Task> BeginDrainAsync()
    {
        var stopping = _host.StopAsync();
        for (var i = 0; i < 2000 && Server.State != SmfServerState.Draining && !stopping.IsCompleted; i++)
        {
            await Task.Delay(5);
        }

        Assert.AreEqual(SmfServerState.Draining, Server.State, "the hosted server did not start draining");
        return stopping;
    }

    public void Dispose() => _host.Dispose();
}
