using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Server;

[TestClass]
public sealed class SmfServerOptionsTests
{
    [TestMethod]
    public async Task AddSmfServer_SettingsInSmfServerSection_ServerUsesThem()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Shards", "3"), ("Smf:Server:Address", "localhost"), ("Smf:Server:ShardStallTimeout", "00:00:02"));
        builder.Services.AddSmfServer(o => o.MaxConnections = 7);
        using var host = builder.Build();

        // Act
        await host.StartAsync();
        var server = host.Services.GetRequiredService<SmfServer>();
        var options = host.Services.GetRequiredService<IOptions<SmfServerOptions>>().Value;

        // Assert
        Assert.AreEqual(SmfServerState.Serving, server.State);
        Assert.AreEqual(3, server.Shards.Count);
        Assert.AreEqual(IPAddress.Loopback, server.LocalEndPoint.Address);
        Assert.AreNotEqual(0, server.LocalEndPoint.Port);
        Assert.AreEqual(TimeSpan.FromSeconds(2), options.ShardStallTimeout);
        Assert.AreEqual(7, options.MaxConnections);
        await host.StopAsync();
        Assert.AreEqual(SmfServerState.Stopped, server.State);
    }

    [TestMethod]
    [DataRow("Smf:Server:Port", "70000", "Smf:Server:Port is '70000'")]
    [DataRow("Smf:Server:Shards", "0", "Smf:Server:Shards is '0'")]
    [DataRow("Smf:Server:Address", "not-an-ip", "Smf:Server:Address is 'not-an-ip'")]
    [DataRow("Smf:Server:ReceiveBufferSize", "100", "Smf:Server:ReceiveBufferSize is '100'")]
    [DataRow("Smf:Server:ShardStallTimeout", "00:00:00", "Smf:Server:ShardStallTimeout is '00:00:00'")]
    [DataRow("Smf:Server:CrossShardReplyWait", "-00:00:01", "Smf:Server:CrossShardReplyWait is '-00:00:01'")]
    public async Task StartAsync_InvalidSetting_FailsNamingKeyAndValue(string key, string value, string expected)
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, (key, value));
        builder.Services.AddSmfServer();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, expected);
        Assert.AreEqual(SmfServerState.NotStarted, host.Services.GetRequiredService<SmfServer>().State);
    }

    [TestMethod]
    public async Task StartAsync_SettingOfWrongType_FailsNamingKeyAndValue()
    {
        // Arrange
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Shards", "many"));
        builder.Services.AddSmfServer();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "Smf:Server:Shards");
        StringAssert.Contains(error.Message, "many");
    }

    [TestMethod]
    public async Task StartAsync_PortTaken_FailsNamingAddressAndPort()
    {
        // Arrange: another socket listens on the port.
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        other.Listen();
        var port = ((IPEndPoint)other.LocalEndPoint!).Port;
        var journal = new Journal();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Port", port.ToString()));
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.StartAsync());

        // Assert: the message says where and what to change; what start created is disposed again.
        StringAssert.Contains(error.Message, $"cannot listen on 127.0.0.1:{port}");
        StringAssert.Contains(error.Message, "Smf:Server:Port");
        Assert.IsInstanceOfType<SocketException>(error.InnerException);
        Assert.AreEqual(SmfServerState.Stopped, host.Services.GetRequiredService<SmfServer>().State);
        Assert.AreEqual(2, journal.Events.Count(e => e.StartsWith("store ", StringComparison.Ordinal)), string.Join(Environment.NewLine, journal.Events));
    }
}
