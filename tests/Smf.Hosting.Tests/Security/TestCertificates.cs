using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Hosting.Tests.Security;

/// <summary>
/// Certificates made for one test with <see cref="CertificateRequest"/> and written as PEM files to a temporary
/// directory: a CA (<c>ca.pem</c>), a server certificate for 127.0.0.1 and localhost (<c>server.pem</c>,
/// <c>server.key</c>), a client certificate <c>CN=client-a</c> (<c>client.pem</c>, <c>client.key</c>), and a client
/// certificate from another CA (<c>other-client.pem</c>, <c>other-client.key</c>).
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("smf-hosting-tls-").FullName;
        var now = DateTimeOffset.UtcNow;
        using var authority = NewAuthority("CN=Smf Hosting Test CA");
        using var otherAuthority = NewAuthority("CN=Smf Other CA");
        using var server = NewLeaf(authority, "CN=localhost", ServerAuth, now);
        using var client = NewLeaf(authority, "CN=client-a", ClientAuth, now);
        using var otherClient = NewLeaf(otherAuthority, "CN=client-other", ClientAuth, now);
        AuthorityPath = Write("ca.pem", authority.ExportCertificatePem());
        (ServerPath, ServerKeyPath) = WritePair("server", server);
        (ClientPath, ClientKeyPath) = WritePair("client", client);
        (OtherClientPath, OtherClientKeyPath) = WritePair("other-client", otherClient);
        ClientThumbprint = client.Thumbprint;
    }

    public string Directory { get; }

    public string AuthorityPath { get; }

    public string ServerPath { get; }

    public string ServerKeyPath { get; }

    public string ClientPath { get; }

    public string ClientKeyPath { get; }

    public string OtherClientPath { get; }

    public string OtherClientKeyPath { get; }

    public string ClientThumbprint { get; }

    public static TestCertificates Create() => new();

    /// <summary>A path in the directory that does not exist.</summary>
    public string Missing(string name) => Path.Combine(Directory, name);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem + "\n");
        return path;
    }

    private (string CertificatePath, string KeyPath) WritePair(string name, X509Certificate2 certificate) =>
        (Write($"{name}.pem", certificate.ExportCertificatePem()), Write($"{name}.key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem()));

    private static X509Certificate2 NewAuthority(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-60), now.AddDays(60));
    }

    private static X509Certificate2 NewLeaf(X509Certificate2 authority, string subject, Oid usage, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var signed = request.Create(authority, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }
}
