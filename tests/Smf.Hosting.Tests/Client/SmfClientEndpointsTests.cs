using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smf.Balancing;
using Smf.Client;
using Smf.Health;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Client;

[TestClass]
public sealed class SmfClientEndpointsTests
{
    [TestMethod]
    public async Task AddSmfClient_EndpointsList_SpreadsUnkeyedCallsAndRoutesKeysLikeRpcChannel()
    {
        // Arrange: three servers, named in Smf:Clients:Recording:Endpoints as the environment would give them.
        await using var fleet = await ServerFleet.StartAsync(3);
        var builder = TestHosts.CreateBuilder(null, [.. fleet.Addresses.Select((a, i) => ($"Smf:Clients:Recording:Endpoints:{i}", (string?)a))]);
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        await using var direct = RpcChannel.ForEndPoints([.. fleet.Ports.Select(p => new IPEndPoint(IPAddress.Loopback, p))]);
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act
        for (var i = 0; i < 300; i++)
        {
            await client.RecordUnkeyedAsync("unkeyed");
        }

        var keys = Enumerable.Range(0, 200).Select(i => $"key.{i}").ToList();
        foreach (var key in keys)
        {
            Assert.AreEqual(ServingStatus.Serving, await client.RecordAsync(key));
        }

        await direct.RefreshAsync();
        await host.StopAsync();

        // Assert: round-robin spreads the unkeyed calls evenly; every key reached the owner a direct channel names.
        Assert.IsInstanceOfType<RpcChannel>(client.CallInvoker);
        CollectionAssert.AreEquivalent(fleet.Addresses.ToList(), ((RpcChannel)client.CallInvoker).EndPoints.ToList());
        foreach (var record in fleet.Records)
        {
            var unkeyed = record.Keys.Count(k => k == "unkeyed");
            Assert.IsTrue(unkeyed is >= 90 and <= 110, $"One server got {unkeyed} of 300 unkeyed calls.");
        }

        foreach (var key in keys)
        {
            var owner = direct.OwnerOf(key)!;
            CollectionAssert.Contains(fleet.RecordOf(owner).Keys.ToList(), key, $"'{key}' did not reach its owner {owner}.");
        }

        Assert.AreEqual(200, fleet.Records.Sum(r => r.Keys.Count(k => k != "unkeyed")), "A key reached more than one server.");
    }

    [TestMethod]
    public async Task AddSmfClient_EndpointsFromEnvironmentVariables_BindInOrder()
    {
        // Arrange: the documented form, Smf__Clients__<name>__Endpoints__<i>, under a prefix no other test uses.
        var prefix = $"SMF_HOSTING_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable($"{prefix}Smf__Clients__Recording__Endpoints__0", "127.0.0.1:20776");
        Environment.SetEnvironmentVariable($"{prefix}Smf__Clients__Recording__Endpoints__1", "127.0.0.1:20777");
        try
        {
            var builder = TestHosts.CreateBuilder();
            builder.Configuration.AddEnvironmentVariables(prefix);
            builder.Services.AddSmfClient<RecordingClient>();
            using var host = builder.Build();
            await host.StartAsync();

            // Act: resolving a static list connects nothing.
            var channel = (RpcChannel)host.Services.GetRequiredService<RecordingClient>().CallInvoker;
            await channel.RefreshAsync();
            await host.StopAsync();

            // Assert
            CollectionAssert.AreEqual(new[] { "127.0.0.1:20776", "127.0.0.1:20777" }, channel.EndPoints.ToArray());
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{prefix}Smf__Clients__Recording__Endpoints__0", null);
            Environment.SetEnvironmentVariable($"{prefix}Smf__Clients__Recording__Endpoints__1", null);
        }
    }

    [TestMethod]
    public async Task AddSmfClient_AddressOnly_TypedClientGetsOneRpcClient()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Address", "127.0.0.1:20776"));
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();

        // Act
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Assert
        Assert.IsInstanceOfType<RpcClient>(client.CallInvoker);
        Assert.AreSame(client.CallInvoker, host.Services.GetRequiredService<SmfClientFactory>().GetCallInvoker("Recording"));
        await host.StopAsync();
    }

    [TestMethod]
    public async Task AddSmfClient_PowerOfTwoChoicesWithoutPeriodicRefresh_ServesEveryCallOnBothServers()
    {
        // Arrange: power-of-two-choices, no periodic refresh, one attempt; two servers.
        await using var fleet = await ServerFleet.StartAsync(2);
        var builder = TestHosts.CreateBuilder(
            null,
            ("Smf:Clients:Recording:Endpoints:0", fleet.Addresses[0]),
            ("Smf:Clients:Recording:Endpoints:1", fleet.Addresses[1]),
            ("Smf:Clients:Recording:Picker", "PowerOfTwoChoices"),
            ("Smf:Clients:Recording:RefreshPeriod", "-00:00:00.001"),
            ("Smf:Clients:Recording:MaxAttempts", "1"));
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act: 200 calls, 8 at a time, so the less loaded endpoint has a choice to make.
        for (var batch = 0; batch < 25; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.RecordUnkeyedAsync("unkeyed").AsTask()));
        }

        await host.StopAsync();

        // Assert: both servers served calls, and every call was answered once.
        Assert.AreEqual(200, fleet.Records.Sum(r => r.Count));
        Assert.IsTrue(fleet.Records.All(r => r.Count > 0), $"Calls per server: {string.Join(", ", fleet.Records.Select(r => r.Count))}.");
    }

    [TestMethod]
    [DataRow(1, false)]
    [DataRow(2, true)]
    public async Task AddSmfClient_MaxAttempts_BoundsTheEndpointsAnIdempotentCallTries(int maxAttempts, bool answered)
    {
        // Arrange: a live server and a port nothing listens on; a key whose owner is the dead one.
        await using var fleet = await ServerFleet.StartAsync(1);
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var dead = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var builder = TestHosts.CreateBuilder(
            null,
            ("Smf:Clients:Recording:Endpoints:0", fleet.Addresses[0]),
            ("Smf:Clients:Recording:Endpoints:1", dead),
            ("Smf:Clients:Recording:MaxAttempts", maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();
        await host.StartAsync();
        await using var direct = RpcChannel.ForEndPoints([IPEndPoint.Parse(fleet.Addresses[0]), IPEndPoint.Parse(dead)]);
        await direct.RefreshAsync();
        var key = Enumerable.Range(0, 1000).Select(i => $"key.{i}").First(k => direct.OwnerOf(k) == dead);
        var client = host.Services.GetRequiredService<RecordingClient>();

        // Act / Assert: one attempt fails on the dead owner; two reach the live server, the next by score.
        var options = new RpcCallOptions { IsIdempotent = true };
        if (answered)
        {
            Assert.AreEqual(ServingStatus.Serving, await client.RecordAsync(key, options));
            CollectionAssert.Contains(fleet.Records[0].Keys.ToList(), key);
        }
        else
        {
            await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.RecordAsync(key, options));
            Assert.AreEqual(0, fleet.Records[0].Count);
        }

        await host.StopAsync();
    }

    [TestMethod]
    [DataRow("Address", "127.0.0.1:1", "Smf:Clients:Recording:Address and Smf:Clients:Recording:Endpoints are both set")]
    [DataRow("Endpoints:1", "no-port", "Smf:Clients:Recording:Endpoints:1 is 'no-port'")]
    [DataRow("Picker", "Random", "Smf:Clients:Recording:Picker")]
    [DataRow("RefreshPeriod", "00:00:00", "Smf:Clients:Recording:RefreshPeriod is '00:00:00'")]
    [DataRow("MaxAttempts", "17", "Smf:Clients:Recording:MaxAttempts is '17'; it must be between 1 and 16")]
    [DataRow("LatencyHistogramPath", "latency.hgrm", "Smf:Clients:Recording:LatencyHistogramPath is 'latency.hgrm'")]
    public async Task StartAsync_BadChannelSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:Recording:Endpoints:0", "127.0.0.1:20776"), ($"Smf:Clients:Recording:{key}", value));
        builder.Services.AddSmfClient<RecordingClient>();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsAsync<Exception>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.ToString(), expected);
    }

    [TestMethod]
    public async Task StartAsync_EndpointsForAClientThatTakesAnRpcClient_FailsSayingWhatToTake()
    {
        // Arrange: KeyValueClient's constructor takes an RpcClient, which a channel is not.
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:kv:Endpoints:0", "127.0.0.1:20776"));
        builder.Services.AddSmfClient<KeyValueClient>("kv");
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "Smf:Clients:kv:Endpoints (or an smf:// Address) makes the client call many servers through an RpcChannel, but no constructor of KeyValueClient takes one");
    }
}
