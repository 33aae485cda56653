using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smf.Client;
using Smf.Hosting.Tests.Infrastructure;
using Smf.Sharding;

namespace Smf.Hosting.Tests.Server;

[TestClass]
public sealed class SmfServerBuilderTests
{
    [TestMethod]
    public async Task AddService_ThreeShards_OneInstancePerShardBuiltOnItsShardWithInjection()
    {
        // Arrange
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Shards", "3"));
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var host = builder.Build();

        // Act
        await host.StartAsync();
        var sharded = host.Services.GetRequiredService<Sharded<KeyStore>>();
        var events = journal.Events;
        await host.StopAsync();

        // Assert: constructor injection on each shard's own thread (Shard.CurrentId in the constructor).
        CollectionAssert.AreEquivalent(
            new[] { "service created on shard 0 with 3 shards", "service created on shard 1 with 3 shards", "service created on shard 2 with 3 shards" },
            events.Where(e => e.StartsWith("service created", StringComparison.Ordinal)).ToArray());
        Assert.AreEqual(3, sharded.Count);
    }

    [TestMethod]
    public async Task StopAsync_AfterServing_DisposesServicesThenStateOnTheirShardsThenShards()
    {
        // Arrange
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var host = builder.Build();
        await host.StartAsync();
        var server = host.Services.GetRequiredService<SmfServer>();

        // Act
        await host.StopAsync();

        // Assert
        var disposals = journal.Events.Where(e => e.Contains("disposed", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEquivalent(new[] { "service 0 disposed on shard 0", "service 1 disposed on shard 1" }, disposals.Take(2).ToArray());
        CollectionAssert.AreEquivalent(new[] { "store 0 disposed on shard 0", "store 1 disposed on shard 1" }, disposals.Skip(2).ToArray());
        Assert.AreEqual(SmfServerState.Stopped, server.State);
        Assert.ThrowsExactly<InvalidOperationException>(() => server.Shards);
    }

    [TestMethod]
    public async Task StartAsync_ServiceDependencyMissing_FailsNamingIt()
    {
        // Arrange: KeyValueService needs a Journal, which nobody registered.
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddSmfServer().AddSharded<KeyStore>(static (_, _) => new KeyStore(new Journal())).AddService<KeyValueService>();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "cannot create the service Smf.Hosting.Tests.Infrastructure.KeyValueService on shard");
        StringAssert.Contains(error.Message, "Journal");
        Assert.AreEqual(SmfServerState.Stopped, host.Services.GetRequiredService<SmfServer>().State);
    }

    [TestMethod]
    public void AddSharded_SameTypeTwice_Throws()
    {
        var builder = TestHosts.CreateBuilder();
        var smf = builder.Services.AddSmfServer().AddSharded<KeyStore>();

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => smf.AddSharded<KeyStore>());

        StringAssert.Contains(error.Message, "Sharded<KeyStore> is already added");
    }

    [TestMethod]
    public async Task Handler_Throws_Answers500AndLogsOnce()
    {
        // Arrange
        var logs = new LogCollector();
        var builder = TestHosts.CreateBuilder(logs);
        builder.Services.AddSingleton(new Journal());
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var host = builder.Build();
        await host.StartAsync();
        var endPoint = host.Services.GetRequiredService<SmfServer>().LocalEndPoint;
        await using var rpc = new RpcClient(new RpcClientOptions { EndPoint = endPoint });
        var client = new KeyValueClient(rpc);

        // Act
        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () => await client.FailAsync());
        await client.PutAsync("after");
        await host.StopAsync();

        // Assert: answered 500, the connection still serves, and the exception is logged exactly once.
        Assert.AreEqual(RpcStatus.InternalError, error.Status);
        Assert.AreEqual(1, logs.Entries.Count(e => e.Exception?.Message == "The handler failed on purpose."), logs.Dump());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task StopAsync_WhileClientsPut_EveryAcknowledgedKeyIsInTheDump()
    {
        // Arrange: 4 connections put up to 10,000 keys between them; the host is stopped once 2,000 are acknowledged.
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var host = builder.Build();
        await host.StartAsync();
        var endPoint = host.Services.GetRequiredService<SmfServer>().LocalEndPoint;
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var next = -1;
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task PutLoopAsync()
        {
            await using var rpc = new RpcClient(new RpcClientOptions { EndPoint = endPoint, CallTimeout = TimeSpan.FromSeconds(30) });
            var client = new KeyValueClient(rpc);
            for (var i = Interlocked.Increment(ref next); i < 10_000; i = Interlocked.Increment(ref next))
            {
                try
                {
                    await client.PutAsync($"key.{i}");
                }
                catch (Exception e) when (e is RpcConnectionException or RpcException or ObjectDisposedException)
                {
                    return;
                }

                acknowledged.Add($"key.{i}");
                if (acknowledged.Count >= 2_000)
                {
                    halfway.TrySetResult();
                }
            }

            halfway.TrySetResult();
        }

        var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(PutLoopAsync)).ToArray();

        // Act
        await halfway.Task;
        await host.StopAsync();
        await Task.WhenAll(loops);

        // Assert
        var dumped = journal.DumpedKeys.ToHashSet(StringComparer.Ordinal);
        var lost = acknowledged.Where(k => !dumped.Contains(k)).ToList();
        Assert.IsTrue(acknowledged.Count >= 2_000, $"{acknowledged.Count} keys acknowledged.");
        Assert.AreEqual(0, lost.Count, $"{lost.Count} acknowledged keys are missing from the dump, e.g. {string.Join(", ", lost.Take(5))}.");
    }
}
