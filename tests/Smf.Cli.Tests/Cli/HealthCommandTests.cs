using System.Net;
using System.Net.Sockets;
using Smf.Cli.Tests.Infrastructure;
using Smf.Hosting.Tests.Security;

namespace Smf.Cli.Tests.Cli;

/// <summary><c>smf health</c> against hosted smf servers (which answer the smf health service) on 127.0.0.1.</summary>
[TestClass]
public sealed class HealthCommandTests
{
    [TestMethod]
    public async Task Health_ServingServer_PrintsServingAndExitsZero()
    {
        using var server = await HostedKvStoreServer.StartAsync();

        var whole = await SmfRun.ProcessAsync(null, "health", server.Address);
        var service = await SmfRun.ProcessAsync(null, "health", server.Address, "--service", "MemoryNode", "--timeout", "5s");

        Assert.AreEqual(0, whole.ExitCode, whole.Error);
        Assert.AreEqual("SERVING", whole.Out.Trim());
        Assert.AreEqual(string.Empty, whole.Error);
        Assert.AreEqual(0, service.ExitCode, service.Error);
        Assert.AreEqual("SERVING", service.Out.Trim());
    }

    [TestMethod]
    public async Task Health_UnknownServiceName_PrintsServiceUnknownAndExitsSeven()
    {
        using var server = await HostedKvStoreServer.StartAsync();

        var result = await SmfRun.InProcessAsync(false, "health", server.Address, "--service", "NoSuchService");

        Assert.AreEqual(7, result.ExitCode, result.Error);
        Assert.AreEqual("SERVICE_UNKNOWN", result.Out.Trim());
    }

    [TestMethod]
    public async Task Health_DrainingServer_PrintsNotServingAndExitsSeven()
    {
        // Arrange: the server's shutdown delay holds it draining (still answering) until its fake clock moves on.
        using var server = await HostedKvStoreServer.StartAsync();
        var before = await SmfRun.InProcessAsync(false, "health", server.Address, "--service", "MemoryNode");
        var stopping = await server.BeginDrainAsync();

        // Act
        var whole = await SmfRun.ProcessAsync(null, "health", server.Address);
        var service = await SmfRun.InProcessAsync(false, "health", server.Address, "--service", "MemoryNode");
        server.Clock.Advance(TimeSpan.FromSeconds(5));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        var stopped = await SmfRun.InProcessAsync(false, "health", server.Address, "--timeout", "2s");

        // Assert
        Assert.AreEqual(0, before.ExitCode, before.Error);
        Assert.AreEqual(7, whole.ExitCode, whole.Error);
        Assert.AreEqual("NOT_SERVING", whole.Out.Trim());
        Assert.AreEqual(7, service.ExitCode, service.Error);
        Assert.AreEqual("NOT_SERVING", service.Out.Trim());
        Assert.AreEqual(3, stopped.ExitCode, stopped.Out + stopped.Error);
        Assert.AreEqual(string.Empty, stopped.Out);
    }

    [TestMethod]
    public async Task Health_ServerWithoutHealthService_ExitsThreeAndSaysWhy()
    {
        // The runtime's RpcServer alone serves only MemoryNode; an unknown request id closes the connection.
        await using var server = await KvStoreServer.StartAsync();

        var result = await SmfRun.InProcessAsync(false, "health", server.Address);

        Assert.AreEqual(3, result.ExitCode, result.Out + result.Error);
        StringAssert.Contains(result.Error, "A server without the smf health service closes the connection.");
    }

    [TestMethod]
    public async Task Health_NothingListening_ExitsThree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await SmfRun.InProcessAsync(false, "health", $"127.0.0.1:{port}", "--timeout", "2s");

        Assert.AreEqual(3, result.ExitCode, result.Error);
        StringAssert.StartsWith(result.Error, "error: ");
        Assert.DoesNotContain("health service", result.Error, "a refused connection is not a server without the health service");
    }

    [TestMethod]
    public async Task Health_MutualTls_ServingWithCertificatesAndFailsWithout()
    {
        // Arrange: a server that requires client certificates from the test CA.
        using var certificates = TestCertificates.Create();
        using var server = await HostedKvStoreServer.StartAsync(
            ("Smf:Server:Tls:Certificate:Path", certificates.ServerPath),
            ("Smf:Server:Tls:Certificate:KeyPath", certificates.ServerKeyPath),
            ("Smf:Server:Tls:ClientCertificateAuthorityPath", certificates.AuthorityPath));

        // Act
        var mutual = await SmfRun.ProcessAsync(
            null, "health", server.Address, "--tls-ca", certificates.AuthorityPath, "--tls-cert", certificates.ClientPath, "--tls-key", certificates.ClientKeyPath, "--tls-server-name", "localhost");
        var noCertificate = await SmfRun.InProcessAsync(false, "health", server.Address, "--tls-ca", certificates.AuthorityPath, "--timeout", "3s");
        var plaintext = await SmfRun.InProcessAsync(false, "health", server.Address, "--timeout", "3s");
        var missingFile = await SmfRun.InProcessAsync(false, "health", server.Address, "--tls-ca", certificates.Missing("nope.pem"));

        // Assert
        Assert.AreEqual(0, mutual.ExitCode, mutual.Error);
        Assert.AreEqual("SERVING", mutual.Out.Trim());
        Assert.AreEqual(3, noCertificate.ExitCode, noCertificate.Out + noCertificate.Error);
        Assert.AreEqual(3, plaintext.ExitCode, plaintext.Out + plaintext.Error);
        Assert.AreEqual(2, missingFile.ExitCode, missingFile.Error);
        StringAssert.Contains(missingFile.Error, "nope.pem': the file does not exist.");
    }

    [TestMethod]
    public async Task Health_BadCommandLine_ExitsTwo()
    {
        var none = await SmfRun.InProcessAsync(false, "health");
        var two = await SmfRun.InProcessAsync(false, "health", "127.0.0.1:1", "127.0.0.1:2");
        var keyAlone = await SmfRun.InProcessAsync(false, "health", "127.0.0.1:1", "--tls-key", SmfRun.SchemaPath);

        Assert.AreEqual(2, none.ExitCode);
        StringAssert.Contains(none.Error, "smf health needs the server address");
        Assert.AreEqual(2, two.ExitCode);
        StringAssert.Contains(two.Error, "Unexpected argument '127.0.0.1:2'");
        Assert.AreEqual(2, keyAlone.ExitCode);
        StringAssert.Contains(keyAlone.Error, "'--tls-key' needs '--tls-cert'");
    }
}
