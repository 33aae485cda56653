using Microsoft.Extensions.DependencyInjection;
using Smf.Health;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Client;

[TestClass]
public sealed class SmfClientInterceptorTests
{
    [TestMethod]
    public async Task AddInterceptor_TypeAndFactory_RunInOrderAddedWithInjectedDependencies()
    {
        // Arrange: one server; the client's interceptors come from the host's services, the first one outermost.
        await using var fleet = await ServerFleet.StartAsync(1);
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Address", fleet.Addresses[0]), ("Smf:Clients:Recording:CallTimeout", "00:00:09"));
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfClient<RecordingClient>()
            .AddInterceptor<RecordingClientInterceptor>()
            .AddInterceptor(services => ActivatorUtilities.CreateInstance<RecordingClientInterceptor>(services, "inner"));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act
        var status = await client.RecordAsync("a");
        await host.StopAsync();

        // Assert
        Assert.AreEqual(ServingStatus.Serving, status);
        var id = RecordingClient.RecordRequestId;
        CollectionAssert.AreEqual(
            new[]
            {
                $"outer before {id} on {fleet.Addresses[0]} with deadline 00:00:09",
                $"inner before {id} on {fleet.Addresses[0]} with deadline 00:00:09",
                $"inner after {id}",
                $"outer after {id}",
            },
            journal.Events.ToArray());
    }

    [TestMethod]
    public async Task AddInterceptor_OverManyServers_RunsOnTheEndpointPicked()
    {
        // Arrange: two servers; keyed calls, so each goes to its key's owner.
        await using var fleet = await ServerFleet.StartAsync(2);
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Endpoints:0", fleet.Addresses[0]), ("Smf:Clients:Recording:Endpoints:1", fleet.Addresses[1]));
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfClient<RecordingClient>().AddInterceptor<RecordingClientInterceptor>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act
        var keys = Enumerable.Range(0, 20).Select(i => $"key.{i}").ToList();
        foreach (var key in keys)
        {
            await client.RecordAsync(key);
        }

        await host.StopAsync();

        // Assert: the interceptor saw, for each call, the endpoint whose server recorded the key.
        var before = journal.Events.Where(e => e.StartsWith("outer before", StringComparison.Ordinal)).ToList();
        Assert.HasCount(20, before);
        for (var i = 0; i < keys.Count; i++)
        {
            var owner = fleet.Addresses.Single(a => fleet.RecordOf(a).Keys.Contains(keys[i]));
            StringAssert.Contains(before[i], $" on {owner} ");
        }
    }

    [TestMethod]
    public async Task AddInterceptor_DependencyNotRegistered_FirstClientFailsNamingIt()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Address", "127.0.0.1:20776"));
        builder.Services.AddSmfClient<RecordingClient>().AddInterceptor<RecordingClientInterceptor>();
        using var host = builder.Build();
        await host.StartAsync();

        // Act
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => host.Services.GetRequiredService<RecordingClient>());

        // Assert
        StringAssert.Contains(error.Message, nameof(Journal));
        await host.StopAsync();
    }
}
