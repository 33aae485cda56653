using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Runtime.Tests.Security;

/// <summary>
/// Certificates made for one test class with <see cref="CertificateRequest"/>: a CA, a second CA nobody trusts, server
/// certificates (valid, expired, not yet valid, each for 127.0.0.1 and localhost) and two client certificates; PEM files
/// of them in a temporary directory on request.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private TestCertificates()
    {
        var now = DateTimeOffset.UtcNow;
        Authority = NewAuthority("CN=Smf Test CA");
        OtherAuthority = NewAuthority("CN=Smf Other CA");
        Server = NewLeaf(Authority, "CN=localhost", ServerAuth, now.AddDays(-1), now.AddDays(30));
        SecondServer = NewLeaf(Authority, "CN=localhost, O=second", ServerAuth, now.AddDays(-1), now.AddDays(30));
        ExpiredServer = NewLeaf(Authority, "CN=localhost, O=expired", ServerAuth, now.AddDays(-30), now.AddDays(-1));
        FutureServer = NewLeaf(Authority, "CN=localhost, O=future", ServerAuth, now.AddDays(1), now.AddDays(30));
        OtherServer = NewLeaf(OtherAuthority, "CN=localhost, O=other", ServerAuth, now.AddDays(-1), now.AddDays(30));
        ClientA = NewLeaf(Authority, "CN=client-a", ClientAuth, now.AddDays(-1), now.AddDays(30));
        ClientB = NewLeaf(Authority, "CN=client-b", ClientAuth, now.AddDays(-1), now.AddDays(30));
        UntrustedClient = NewLeaf(OtherAuthority, "CN=client-other", ClientAuth, now.AddDays(-1), now.AddDays(30));
        Directory = System.IO.Directory.CreateTempSubdirectory("smf-tls-").FullName;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 OtherAuthority { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 SecondServer { get; }

    public X509Certificate2 ExpiredServer { get; }

    public X509Certificate2 FutureServer { get; }

    public X509Certificate2 OtherServer { get; }

    public X509Certificate2 ClientA { get; }

    public X509Certificate2 ClientB { get; }

    public X509Certificate2 UntrustedClient { get; }

    public string Directory { get; }

    public static TestCertificates Create() => new();

    /// <summary>Writes <paramref name="certificate"/> (and its key, unless <paramref name="withKey"/> is false) as PEM files named after <paramref name="name"/>.</summary>
    public (string CertificatePath, string KeyPath) WritePem(string name, X509Certificate2 certificate, bool withKey = true)
    {
        var certificatePath = Path.Combine(Directory, $"{name}.pem");
        var keyPath = Path.Combine(Directory, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        if (withKey)
        {
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n");
        }

        return (certificatePath, keyPath);
    }

    public void Dispose()
    {
        foreach (var certificate in new[] { Authority, OtherAuthority, Server, SecondServer, ExpiredServer, FutureServer, OtherServer, ClientA, ClientB, UntrustedClient })
        {
            certificate.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

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

    private static X509Certificate2 NewLeaf(X509Certificate2 authority, string subject, Oid usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
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
        using var signed = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return signed.CopyWithPrivateKey(key);
    }
}
