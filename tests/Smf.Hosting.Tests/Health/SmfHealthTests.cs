using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Smf.Client;
using Smf.Health;
using Smf.Hosting.Tests.Infrastructure;
using Smf.Sharding;

namespace Smf.Hosting.Tests.Health;

[TestClass]
public sealed class SmfHealthTests
{
    [TestMethod]
    public async Task HealthCheck_StartServeDrainStop_UnhealthyHealthyUnhealthy()
    {
        // Arrange: a fake clock holds the server in its shutdown delay, where it still serves but reports draining.
        var clock = new FakeTimeProvider();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:ShutdownDelay", "00:00:05"));
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new Journal());
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        builder.Services.AddHealthChecks().AddSmfHealthChecks();
        using var host = builder.Build();
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        var server = host.Services.GetRequiredService<SmfServer>();

        // Act and assert: not listening yet.
        Assert.AreEqual(HealthStatus.Unhealthy, (await checks.CheckHealthAsync()).Status);

        await host.StartAsync();
        await using var rpc = new RpcClient(new RpcClientOptions { EndPoint = server.LocalEndPoint });
        var health = new HealthServiceClient(rpc);
        var serving = await checks.CheckHealthAsync();
        Assert.AreEqual(HealthStatus.Healthy, serving.Status, serving.Entries["smf"].Description);
        Assert.AreEqual(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequestT())).Status);
        Assert.AreEqual(ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequestT { Service = KeyValueService.ServiceName })).Status);
        using (var unknown = await health.CheckWithStatusAsync(new HealthCheckRequestT { Service = "Nope" }))
        {
            Assert.AreEqual(RpcStatus.NotFound, unknown.Status);
            Assert.AreEqual(ServingStatus.ServiceUnknown, unknown.Message.Status);
        }

        var stopping = host.StopAsync();
        Assert.IsTrue(await TestHosts.WaitUntilAsync(() => server.State == SmfServerState.Draining, TimeSpan.FromSeconds(10)), server.State.ToString());
        Assert.AreEqual(HealthStatus.Unhealthy, (await checks.CheckHealthAsync()).Status);
        Assert.AreEqual(ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequestT())).Status);

        clock.Advance(TimeSpan.FromSeconds(5));
        await stopping;
        Assert.AreEqual(HealthStatus.Unhealthy, (await checks.CheckHealthAsync()).Status);
        Assert.AreEqual(SmfServerState.Stopped, server.State);
    }

    [TestMethod]
    public async Task HealthCheck_ShardThreadBlocked_DegradedUntilItRuns()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSmfServer().AddSharded<Blocker>();
        builder.Services.AddHealthChecks().AddSmfHealthChecks();
        using var host = builder.Build();
        await host.StartAsync();
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        var blockers = host.Services.GetRequiredService<Sharded<Blocker>>();
        var server = host.Services.GetRequiredService<SmfServer>();

        // Act: shard 1's thread blocks; a heartbeat is queued behind it (a fifth of the 5 s stall timeout), then 6 s pass.
        using var gate = new ManualResetEventSlim();
        var blocked = blockers.InvokeOnAsync(1, _ => gate.Wait(TimeSpan.FromSeconds(60))).AsTask();
        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(6));
        var stalled = await checks.CheckHealthAsync();

        gate.Set();
        await blocked;
        await server.Heartbeats!.BeatAsync();
        var recovered = await checks.CheckHealthAsync();
        await host.StopAsync();

        // Assert
        Assert.AreEqual(HealthStatus.Degraded, stalled.Status);
        StringAssert.Contains(stalled.Entries["smf"].Description, "shard 1 has not run its heartbeat");
        Assert.AreEqual(HealthStatus.Healthy, recovered.Status, recovered.Entries["smf"].Description);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public async Task HealthCheck_InFlightBudgetAlmostFull_Degraded()
    {
        // Arrange: one shard with an 8 KiB in-flight budget that one connection may fill; Block holds each request
        // until the gate opens.
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Shards", "1"), ("Smf:Server:MaxInFlightBytesPerShard", "8192"), ("Smf:Server:MaxInFlightBytesPerConnection", "8192"));
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        builder.Services.AddHealthChecks().AddSmfHealthChecks();
        using var host = builder.Build();
        await host.StartAsync();
        var checks = host.Services.GetRequiredService<HealthCheckService>();
        await using var rpc = new RpcClient(new RpcClientOptions { EndPoint = host.Services.GetRequiredService<SmfServer>().LocalEndPoint });
        var client = new KeyValueClient(rpc);

        // Act: 6 requests of about 2 KiB each: 4 are held in flight (over 90% of the budget), 2 wait for room.
        var calls = Enumerable.Range(0, 6).Select(_ => client.BlockAsync(new string('x', 2000)).AsTask()).ToArray();
        HealthReport? report = null;
        var degraded = await TestHosts.WaitUntilAsync(
            () => (report = checks.CheckHealthAsync().GetAwaiter().GetResult()).Status == HealthStatus.Degraded, TimeSpan.FromSeconds(20));
        journal.Gate.SetResult();
        await Task.WhenAll(calls);
        var after = await checks.CheckHealthAsync();
        await host.StopAsync();

        // Assert
        Assert.IsTrue(degraded, report?.Entries["smf"].Description);
        StringAssert.Contains(report!.Entries["smf"].Description, "in-flight request bytes");
        Assert.AreEqual(HealthStatus.Healthy, after.Status, after.Entries["smf"].Description);
    }

    /// <summary>Per-shard state that gives the test a way onto each shard's thread.</summary>
    public sealed class Blocker
    {
    }
}
