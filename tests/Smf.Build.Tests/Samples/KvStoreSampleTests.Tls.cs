using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.Samples;

/// <summary>The sample over mutual TLS, with the --tls-* switches, and certificates made in the test.</summary>
public sealed partial class KvStoreSampleTests
{
    private const int TlsKeyCount = 10;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Sample_MutualTls_ClientWithCertificateReadsBackAndClientWithoutIsRefused()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The sample test stops the server with SIGINT through /usr/bin/env, which needs Linux.");
        }

        // Arrange: the sample built from the packed SDK; a CA, a server certificate for 127.0.0.1 and a client certificate in tls/.
        using var sample = new SdkWorkspace("kvstore-tls");
        KvStoreSample.CopyAndBuild(sample);
        var tls = WriteCertificates(Path.Combine(sample.Root, "tls"));
        using var server = new ServerProcess(
            sample.PathOf(KvStoreSample.ServerDll),
            "--ip", "127.0.0.1", "--port", "0", "--shards", "2", "--tls-cert", tls.ServerPem, "--tls-key", tls.ServerKey, "--tls-client-ca", tls.CaPem);
        var port = (await server.WaitForPortAsync(TimeSpan.FromSeconds(60))).ToString();

        // Act: one client with a certificate from the CA, one without; then Ctrl+C.
        var mutual = DotNet.Run(sample.Root, sample.PathOf(KvStoreSample.ClientDll), "--ip", "127.0.0.1", "--port", port, "--count", TlsKeyCount.ToString(), "--tls-ca", tls.CaPem, "--tls-cert", tls.ClientPem, "--tls-key", tls.ClientKey);
        var anonymous = DotNet.Run(sample.Root, sample.PathOf(KvStoreSample.ClientDll), "--ip", "127.0.0.1", "--port", port, "--count", "1", "--tls-ca", tls.CaPem);
        var exitCode = await server.InterruptAsync(TimeSpan.FromSeconds(60));
        var output = server.Output;

        // Assert
        Assert.AreEqual(0, mutual.ExitCode, mutual.Output);
        Assert.AreEqual(TlsKeyCount, Regex.Count(mutual.Output, @"get key=key\.\d+ status=200 value=val\.\d+ ok"), mutual.Output);
        Assert.AreEqual(1, anonymous.ExitCode, anonymous.Output);
        StringAssert.Contains(anonymous.Output, "127.0.0.1:" + port, anonymous.Output);
        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, $"Smf server serves TLS with the certificate {tls.ServerPem}; client certificates: RequireCertificate", output);
        StringAssert.Contains(output, "the client sent no certificate", output);
        Assert.AreEqual(TlsKeyCount, KvStoreSample.DumpLine().Matches(output).Count, output);
    }

    /// <summary>Writes ca.pem, server.pem/server.key (for 127.0.0.1 and localhost) and client.pem/client.key (CN=kvstore-client) into <paramref name="directory"/>.</summary>
    private static (string CaPem, string ServerPem, string ServerKey, string ClientPem, string ClientKey) WriteCertificates(string directory)
    {
        Directory.CreateDirectory(directory);
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Smf sample test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        string Write(string name, string pem)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, pem + "\n");
            return path;
        }

        (string Pem, string Key) Leaf(string name, string subject, string usage)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
            return (Write($"{name}.pem", certificate.ExportCertificatePem()), Write($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
        }

        var caPem = Write("ca.pem", ca.ExportCertificatePem());
        var server = Leaf("server", "CN=localhost", "1.3.6.1.5.5.7.3.1");
        var client = Leaf("client", "CN=kvstore-client", "1.3.6.1.5.5.7.3.2");
        return (caPem, server.Pem, server.Key, client.Pem, client.Key);
    }
}
