using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Smf.Balancing;
using Smf.Client;
using Smf.Health;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Client;

[TestClass]
public sealed class SmfClientServiceDiscoveryTests
{
    [TestMethod]
    public async Task AddSmfClient_SmfAddressInServicesConfiguration_CallsTheConfiguredEndpoints()
    {
        // Arrange: two servers listed where Microsoft.Extensions.ServiceDiscovery's configuration provider reads them.
        await using var fleet = await ServerFleet.StartAsync(2);
        var builder = TestHosts.CreateBuilder(
            null,
            ("Smf:Clients:Recording:Address", "smf://recording"),
            ("Services:recording:smf:0", fleet.Addresses[0]),
            ("Services:recording:smf:1", fleet.Addresses[1]));
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act
        for (var i = 0; i < 100; i++)
        {
            await client.RecordUnkeyedAsync("unkeyed");
        }

        await host.StopAsync();

        // Assert
        var channel = (RpcChannel)client.CallInvoker;
        CollectionAssert.AreEquivalent(fleet.Addresses.ToList(), channel.EndPoints.ToList());
        Assert.IsTrue(fleet.Records.All(r => r.Count is >= 40 and <= 60), $"Calls per server: {string.Join(", ", fleet.Records.Select(r => r.Count))}.");
    }

    [TestMethod]
    public async Task AddSmfClient_ServicesConfigurationReloaded_MovesCallsToTheNewEndpoints()
    {
        // Arrange: three servers; configuration names the first two, then only the third.
        await using var fleet = await ServerFleet.StartAsync(3);
        var settings = new ChangeableConfiguration();
        settings.Replace([new("Services:recording:smf:0", fleet.Addresses[0]), new("Services:recording:smf:1", fleet.Addresses[1])]);
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Address", "smf://recording"), ("Smf:Clients:Recording:RefreshPeriod", "-00:00:00.001"));
        ((IConfigurationBuilder)builder.Configuration).Add(settings);
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();
        var channel = (RpcChannel)client.CallInvoker;
        for (var i = 0; i < 10; i++)
        {
            await client.RecordUnkeyedAsync("before");
        }

        // Act: the reload token fires; no periodic refresh is configured, so only the change token can move the channel.
        settings.Replace([new("Services:recording:smf:0", fleet.Addresses[2])]);
        var moved = await TestHosts.WaitUntilAsync(() => channel.EndPoints.SequenceEqual([fleet.Addresses[2]]), TimeSpan.FromSeconds(10));
        for (var i = 0; i < 10; i++)
        {
            await client.RecordUnkeyedAsync($"after.{i}");
        }

        await host.StopAsync();

        // Assert
        Assert.IsTrue(moved, $"The channel still has {string.Join(", ", channel.EndPoints)}.");
        Assert.AreEqual(10, fleet.Records[0].Count + fleet.Records[1].Count);
        Assert.AreEqual(0, fleet.Records[2].Keys.Count(k => k == "before"));
        Assert.AreEqual(10, fleet.Records[2].Keys.Count(k => k.StartsWith("after", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task StartAsync_SmfAddressWithoutServiceDiscovery_FailsSayingWhatToAdd()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Address", "smf://recording"));
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "Smf:Clients:Recording:Address is 'smf://recording', a service-discovery name, but the host has no service discovery: call builder.Services.AddServiceDiscovery()");
        StringAssert.Contains(error.Message, "AddSmfDnsServiceEndpointProvider()");
    }

    [TestMethod]
    public async Task CallAsync_SmfNameInNoConfigurationAndWithoutPort_FailsSayingWhereToListIt()
    {
        // Arrange: discovery is there, but nothing lists "recording" and the address has no port for DNS.
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Address", "smf://recording"));
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSmfDnsServiceEndpointProvider();
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act
        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.RecordUnkeyedAsync("x"));

        // Assert
        StringAssert.Contains(error.Message, "which has no port");
        StringAssert.Contains(error.Message, "Services:<name>:smf:0");
        await host.StopAsync();
    }

    [TestMethod]
    public async Task AddSmfDnsServiceEndpointProvider_LocalhostName_ResolvesToLoopbackAndLooksUpAgainAfterThePeriod()
    {
        // Arrange: the DNS provider on a fake clock; the channel's own refresh is off, so only the lookup's expiry resolves again.
        await using var fleet = await ServerFleet.StartAsync(1);
        var logs = new LogCollector();
        var clock = new FakeTimeProvider();
        var builder = TestHosts.CreateBuilder(
            logs,
            ("Smf:Clients:Recording:Address", $"smf://localhost:{fleet.Ports[0]}"),
            ("Smf:Clients:Recording:RefreshPeriod", "-00:00:00.001"),
            ("Smf:ServiceDiscovery:Dns:RefreshPeriod", "00:00:05"));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSmfDnsServiceEndpointProvider();
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();
        var expected = (await Dns.GetHostAddressesAsync("localhost")).Select(a => new IPEndPoint(a, fleet.Ports[0]).ToString()).ToList();

        // Act: idempotent, so a loopback address the server does not listen on (::1) passes the call on.
        var status = await client.RecordAsync("a", new RpcCallOptions { IsIdempotent = true });
        var lookupsBefore = Lookups(logs);
        clock.Advance(TimeSpan.FromSeconds(5));
        var lookedUpAgain = await TestHosts.WaitUntilAsync(() => Lookups(logs) > lookupsBefore, TimeSpan.FromSeconds(10));
        await host.StopAsync();

        // Assert
        Assert.AreEqual(ServingStatus.Serving, status);
        var channel = (RpcChannel)client.CallInvoker;
        CollectionAssert.AreEquivalent(expected, channel.EndPoints.ToList());
        CollectionAssert.Contains(channel.EndPoints.ToList(), fleet.Addresses[0]);
        Assert.IsTrue(channel.EndPoints.All(e => IPAddress.IsLoopback(IPEndPoint.Parse(e).Address)));
        Assert.IsTrue(lookedUpAgain, logs.Dump());
    }

    [TestMethod]
    public async Task AddSmfDnsServiceEndpointProvider_ConnectionFails_LooksTheNameUpAgain()
    {
        // Arrange: a frozen fake clock, so neither the lookup's expiry nor any refresh timer fires by itself.
        var fleet = await ServerFleet.StartAsync(1);
        var logs = new LogCollector();
        var builder = TestHosts.CreateBuilder(
            logs,
            ("Smf:Clients:Recording:Address", $"smf://localhost:{fleet.Ports[0]}"),
            ("Smf:Clients:Recording:RefreshPeriod", "-00:00:00.001"));
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSmfDnsServiceEndpointProvider();
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();
        await client.RecordAsync("a", new RpcCallOptions { IsIdempotent = true });
        var lookupsBefore = Lookups(logs);

        // Act: the server goes away; the next call fails to connect and ejects the endpoint.
        await fleet.DisposeAsync();
        await Assert.ThrowsAsync<RpcConnectionException>(async () => await client.RecordAsync("b"));
        var lookedUpAgain = await TestHosts.WaitUntilAsync(() => Lookups(logs) > lookupsBefore, TimeSpan.FromSeconds(10));
        await host.StopAsync();

        // Assert
        Assert.IsTrue(lookedUpAgain, logs.Dump());
    }

    [TestMethod]
    public async Task StartAsync_BadDnsRefreshPeriod_FailsNamingTheKey()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:ServiceDiscovery:Dns:RefreshPeriod", "00:00:00"));
        builder.Services.AddServiceDiscovery();
        builder.Services.AddSmfDnsServiceEndpointProvider();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "Smf:ServiceDiscovery:Dns:RefreshPeriod must be positive");
    }

    private static int Lookups(LogCollector logs) => logs.Entries.Count(e => e.EventId.Name == "DnsResolved");
}
