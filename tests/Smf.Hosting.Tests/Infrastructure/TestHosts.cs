using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>Hosts built as an application builds them (<see cref="Host.CreateApplicationBuilder()"/>), on a free port and 2 unpinned shards unless the test says otherwise.</summary>
internal static class TestHosts
{
    public static HostApplicationBuilder CreateBuilder(LogCollector? logs = null, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(
        [
            new("Smf:Server:Port", "0"),
            new("Smf:Server:Shards", "2"),
            new("Smf:Server:PinToCpus", "false"),
        ]);
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    /// <summary>Polls <paramref name="condition"/> every 5 ms, at most <paramref name="timeout"/> (and 2000 times).</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        for (var i = 0; i < 2000 && TimeProvider.System.GetTimestamp() < deadline; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(5);
        }

        return condition();
    }
}
