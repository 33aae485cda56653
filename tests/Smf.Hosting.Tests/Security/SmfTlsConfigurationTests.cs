using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smf.Client;
using Smf.Hosting.Tests.Infrastructure;

namespace Smf.Hosting.Tests.Security;

[TestClass]
public sealed class SmfTlsConfigurationTests
{
    [TestMethod]
    public async Task StartAsync_TlsFromConfiguration_ClientTrustingCaCallsOverTlsAndPlaintextClientFails()
    {
        // Arrange: a server with Smf:Server:Tls:Certificate:*, a client with Smf:Clients:kv:Tls:CertificateAuthorityPath.
        using var certificates = TestCertificates.Create();
        var journal = new Journal();
        using var serverHost = StartServer(journal, ("Smf:Server:Tls:Certificate:Path", certificates.ServerPath), ("Smf:Server:Tls:Certificate:KeyPath", certificates.ServerKeyPath));
        await serverHost.StartAsync();
        var port = serverHost.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port;
        using var tlsClientHost = ClientHost(("Smf:Clients:kv:Address", $"127.0.0.1:{port}"), ("Smf:Clients:kv:Tls:CertificateAuthorityPath", certificates.AuthorityPath));
        using var plainClientHost = ClientHost(("Smf:Clients:kv:Address", $"127.0.0.1:{port}"), ("Smf:Clients:kv:ConnectTimeout", "00:00:05"));
        await tlsClientHost.StartAsync();
        await plainClientHost.StartAsync();

        // Act
        var reply = await tlsClientHost.Services.GetRequiredService<KeyValueClient>().PutAsync("over-tls");
        var plaintext = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await plainClientHost.Services.GetRequiredService<KeyValueClient>().PutAsync("plain"));
        var events = journal.Events;
        await serverHost.StopAsync();

        // Assert: the call ran anonymously over TLS (the interceptor saw no client certificate).
        Assert.AreEqual(Smf.Health.ServingStatus.Serving, reply.Status);
        CollectionAssert.Contains(events.ToArray(), "outer before Put from anonymous");
        Assert.IsNotNull(plaintext.Message);
        CollectionAssert.AreEquivalent(new[] { "over-tls" }, journal.DumpedKeys.ToArray());
    }

    [TestMethod]
    public async Task StartAsync_ClientCaFromConfiguration_RequiresClientCertificateFromThatCa()
    {
        // Arrange: Smf:Server:Tls:ClientCertificateAuthorityPath alone means RequireCertificate.
        using var certificates = TestCertificates.Create();
        var journal = new Journal();
        using var serverHost = StartServer(
            journal,
            ("Smf:Server:Tls:Certificate:Path", certificates.ServerPath),
            ("Smf:Server:Tls:Certificate:KeyPath", certificates.ServerKeyPath),
            ("Smf:Server:Tls:ClientCertificateAuthorityPath", certificates.AuthorityPath));
        await serverHost.StartAsync();
        var address = $"127.0.0.1:{serverHost.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port}";
        using var mutual = ClientHost(
            ("Smf:Clients:kv:Address", address),
            ("Smf:Clients:kv:Tls:CertificateAuthorityPath", certificates.AuthorityPath),
            ("Smf:Clients:kv:Tls:TargetHost", "localhost"),
            ("Smf:Clients:kv:Tls:Certificate:Path", certificates.ClientPath),
            ("Smf:Clients:kv:Tls:Certificate:KeyPath", certificates.ClientKeyPath));
        using var noCertificate = ClientHost(("Smf:Clients:kv:Address", address), ("Smf:Clients:kv:Tls:CertificateAuthorityPath", certificates.AuthorityPath));
        using var otherCa = ClientHost(
            ("Smf:Clients:kv:Address", address),
            ("Smf:Clients:kv:Tls:CertificateAuthorityPath", certificates.AuthorityPath),
            ("Smf:Clients:kv:Tls:Certificate:Path", certificates.OtherClientPath),
            ("Smf:Clients:kv:Tls:Certificate:KeyPath", certificates.OtherClientKeyPath));
        await mutual.StartAsync();
        await noCertificate.StartAsync();
        await otherCa.StartAsync();

        // Act
        await mutual.Services.GetRequiredService<KeyValueClient>().PutAsync("mutual");
        await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await noCertificate.Services.GetRequiredService<KeyValueClient>().PutAsync("none"));
        await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await otherCa.Services.GetRequiredService<KeyValueClient>().PutAsync("other"));
        var events = journal.Events;
        await serverHost.StopAsync();

        // Assert: only the client with a certificate from the configured CA reached the handler, and its subject was on the context.
        CollectionAssert.Contains(events.ToArray(), "outer before Put from CN=client-a");
        CollectionAssert.AreEquivalent(new[] { "mutual" }, journal.DumpedKeys.ToArray());
    }

    [TestMethod]
    [DataRow("Smf:Server:Tls:Certificate:Path", "missing.pem", "Smf:Server:Tls:Certificate:Path is '{dir}/missing.pem', which does not exist")]
    [DataRow("Smf:Server:Tls:Certificate:KeyPath", "missing.key", "Smf:Server:Tls:Certificate:KeyPath is '{dir}/missing.key', which does not exist")]
    [DataRow("Smf:Server:Tls:ClientCertificateAuthorityPath", "missing-ca.pem", "Smf:Server:Tls:ClientCertificateAuthorityPath is '{dir}/missing-ca.pem', which does not exist")]
    [DataRow("Smf:Server:Tls:Certificate:KeyPath", "client.key", "Smf:Server:Tls:Certificate:Path is '{dir}/server.pem' and Smf:Server:Tls:Certificate:KeyPath is '{dir}/client.key', which cannot be loaded as a PEM certificate and its private key")]
    [DataRow("Smf:Server:Tls:ClientCertificateAuthorityPath", "server.key", "Smf:Server:Tls:ClientCertificateAuthorityPath is '{dir}/server.key', which holds no PEM certificate")]
    [DataRow("Smf:Server:Tls:HandshakeTimeout", "00:00:00", "Smf:Server:Tls:HandshakeTimeout is '00:00:00'; it must be positive")]
    [DataRow("Smf:Server:Tls:ClientCertificateMode", "7", "Smf:Server:Tls:ClientCertificateMode is '7'; it must be one of NoCertificate, AllowCertificate, RequireCertificate")]
    public async Task StartAsync_BadServerTlsSetting_FailsNamingKeyAndValue(string key, string value, string expected)
    {
        // Arrange: a valid TLS section, then the one bad setting (file names are made paths in the certificates' directory).
        using var certificates = TestCertificates.Create();
        var setting = key.EndsWith("Path", StringComparison.Ordinal) ? Path.Combine(certificates.Directory, value) : value;
        var builder = TestHosts.CreateBuilder(
            null,
            With(key, setting, ("Smf:Server:Tls:Certificate:Path", certificates.ServerPath), ("Smf:Server:Tls:Certificate:KeyPath", certificates.ServerKeyPath)));
        builder.Services.AddSmfServer();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, expected.Replace("{dir}", certificates.Directory, StringComparison.Ordinal));
        Assert.AreEqual(SmfServerState.NotStarted, host.Services.GetRequiredService<SmfServer>().State);
    }

    [TestMethod]
    public async Task StartAsync_TlsSectionWithoutCertificateOrWithCaButNoCertificateMode_FailsNamingEveryKey()
    {
        // Arrange
        using var certificates = TestCertificates.Create();
        var builder = TestHosts.CreateBuilder(
            null,
            ("Smf:Server:Tls:ClientCertificateMode", "NoCertificate"),
            ("Smf:Server:Tls:ClientCertificateAuthorityPath", certificates.AuthorityPath));
        builder.Services.AddSmfServer();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert: both problems in one start.
        StringAssert.Contains(error.Message, "Smf:Server:Tls:Certificate:Path is required when Smf:Server:Tls is set");
        StringAssert.Contains(error.Message, $"Smf:Server:Tls:ClientCertificateAuthorityPath is '{certificates.AuthorityPath}' but Smf:Server:Tls:ClientCertificateMode is 'NoCertificate'");
    }

    [TestMethod]
    public async Task StartAsync_ClientCertificateModeNotAMode_FailsNamingKeyAndValue()
    {
        // Arrange
        using var certificates = TestCertificates.Create();
        var builder = TestHosts.CreateBuilder(null, ("Smf:Server:Tls:Certificate:Path", certificates.ServerPath), ("Smf:Server:Tls:ClientCertificateMode", "Mandatory"));
        builder.Services.AddSmfServer();
        using var host = builder.Build();

        // Act
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "Smf:Server:Tls:ClientCertificateMode");
        StringAssert.Contains(error.Message, "Mandatory");
    }

    [TestMethod]
    [DataRow("Smf:Clients:kv:Tls:CertificateAuthorityPath", "missing-ca.pem", "Smf:Clients:kv:Tls:CertificateAuthorityPath is '{dir}/missing-ca.pem', which does not exist")]
    [DataRow("Smf:Clients:kv:Tls:Certificate:Path", "missing.pem", "Smf:Clients:kv:Tls:Certificate:Path is '{dir}/missing.pem', which does not exist")]
    [DataRow("Smf:Clients:kv:Tls:Certificate:KeyPath", "client.key", "Smf:Clients:kv:Tls:Certificate:KeyPath is '{dir}/client.key' but Smf:Clients:kv:Tls:Certificate:Path is not set")]
    [DataRow("Smf:Clients:kv:Tls:TargetHost", "", "Smf:Clients:kv:Tls:TargetHost is empty")]
    [DataRow("Smf:Clients:kv:Address", "unix:/tmp/kv.sock", "Smf:Clients:kv:Tls:TargetHost is required with the address 'unix:/tmp/kv.sock'")]
    public async Task StartAsync_BadClientTlsSetting_FailsNamingKeyAndValue(string key, string value, string expected)
    {
        // Arrange
        using var certificates = TestCertificates.Create();
        var setting = key.EndsWith("Path", StringComparison.Ordinal) ? Path.Combine(certificates.Directory, value) : value;
        using var host = ClientHost(With(key, setting, ("Smf:Clients:kv:Address", "127.0.0.1:20776"), ("Smf:Clients:kv:Tls:HandshakeTimeout", "00:00:05")));

        // Act
        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, expected.Replace("{dir}", certificates.Directory, StringComparison.Ordinal));
    }

    /// <summary>The valid <paramref name="settings"/> with <paramref name="key"/> set to <paramref name="value"/>, replacing or added.</summary>
    private static (string Key, string? Value)[] With(string key, string? value, params (string Key, string? Value)[] settings) =>
        [.. settings.Where(s => s.Key != key), (key, value)];

    private static IHost StartServer(Journal journal, params (string Key, string? Value)[] settings)
    {
        var builder = TestHosts.CreateBuilder(null, settings);
        builder.Services.AddSingleton(journal);
        builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>().AddInterceptor<RecordingInterceptor>();
        return builder.Build();
    }

    private static IHost ClientHost(params (string Key, string? Value)[] settings)
    {
        var builder = TestHosts.CreateBuilder(null, settings);
        builder.Services.AddSmfClient<KeyValueClient>("kv");
        return builder.Build();
    }
}
