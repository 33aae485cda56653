using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smf.Client;
using Smf.Health;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Client;

[TestClass]
public sealed class SmfClientFactoryTests
{
    [TestMethod]
    public async Task AddSmfClient_TwoTypedClientsOfOneName_ShareOneLazyConnectionDisposedWithHost()
    {
        // Arrange: a hosted server, and a client host with two typed clients named "kv".
        var serverBuilder = TestHosts.CreateBuilder();
        serverBuilder.Services.AddSingleton(new Journal());
        serverBuilder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var serverHost = serverBuilder.Build();
        await serverHost.StartAsync();
        var port = serverHost.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port;
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddSmfClient<KeyValueClient>("kv", o => o.Address = $"127.0.0.1:{port}");
        builder.Services.AddSmfClient<HealthServiceClient>("kv");
        var host = builder.Build();
        await host.StartAsync();

        // Act
        var first = host.Services.GetRequiredService<KeyValueClient>();
        var second = host.Services.GetRequiredService<KeyValueClient>();
        var health = host.Services.GetRequiredService<HealthServiceClient>();
        var connectedBeforeCall = first.RpcClient.IsConnected;
        await first.PutAsync("a");
        var status = (await health.CheckAsync(new HealthCheckRequestT())).Status;
        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
        await serverHost.StopAsync();

        // Assert
        Assert.AreNotSame(first, second, "Typed clients are transient.");
        Assert.AreSame(first.RpcClient, second.RpcClient);
        Assert.AreSame(first.RpcClient, health.CallInvoker);
        Assert.IsFalse(connectedBeforeCall, "The connection is made by the first call.");
        Assert.AreEqual(ServingStatus.Serving, status);
        Assert.IsFalse(first.RpcClient.IsConnected);
        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(async () => await first.PutAsync("b"));
    }

    [TestMethod]
    public async Task AddSmfClient_SettingsInNamedSection_ClientUsesThem()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:MemoryNode:Address", "localhost:20776"), ("Smf:Clients:MemoryNode:CallTimeout", "00:00:07"), ("Smf:Clients:MemoryNode:MaxCallsInFlight", "16"));
        builder.Services.AddSmfClient<MemoryNodeClient>();
        using var host = builder.Build();
        await host.StartAsync();

        // Act
        var client = host.Services.GetRequiredService<MemoryNodeClient>();

        // Assert: named MemoryNode after the type; nothing connects before a call.
        Assert.AreEqual(TimeSpan.FromSeconds(7), client.RpcClient.CallTimeout);
        Assert.AreEqual(16, client.RpcClient.MaxCallsInFlight);
        Assert.AreEqual("Unspecified/localhost:20776", client.RpcClient.EndPoint.ToString());
        Assert.IsFalse(client.RpcClient.IsConnected);
        await host.StopAsync();
    }

    [TestMethod]
    [DataRow(null, "Smf:Clients:MemoryNode:Address is required: set it to the server's host:port, e.g. 127.0.0.1:20776 (or set Smf:Clients:MemoryNode:Endpoints:0")]
    [DataRow("no-port", "Smf:Clients:MemoryNode:Address is 'no-port'")]
    [DataRow("127.0.0.1:99999", "Smf:Clients:MemoryNode:Address is '127.0.0.1:99999'")]
    public async Task StartAsync_BadClientAddress_FailsNamingKeyAndValue(string? address, string expected)
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:MemoryNode:Address", address));
        builder.Services.AddSmfClient<MemoryNodeClient>();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, expected);
    }

    /// <summary>A typed client named like a generated one, to check the default name.</summary>
    public sealed class MemoryNodeClient(RpcClient rpcClient)
    {
        public RpcClient RpcClient { get; } = rpcClient;
    }
}
