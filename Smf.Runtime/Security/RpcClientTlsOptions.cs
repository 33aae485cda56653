using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Smf.Internal;
using Smf.Security.Internal;

namespace Smf.Security;

/// <summary>
/// TLS settings of an <see cref="Client.RpcClient"/> (<see cref="Client.RpcClientOptions.Tls"/>): which server name and
/// certificate authorities the server's certificate is checked against, and the client's own certificate for mutual
/// TLS. Copied and validated, and the files read, when the client is constructed.
/// </summary>
/// <remarks>
/// A client certificate given as PEM files is watched like a server's: when a file changes, the next connection loads
/// it again; a pair that does not load keeps the previous certificate in use.
/// </remarks>
public sealed class RpcClientTlsOptions
{
    /// <summary>
    /// The server name sent in the handshake (SNI) and matched against the server's certificate. Defaults to
    /// <see langword="null"/>: the host of <see cref="Client.RpcClientOptions.EndPoint"/> (a DNS name, or the IP address
    /// as text, which the certificate must then list as an IP address).
    /// </summary>
    public string? TargetHost { get; set; }

    /// <summary>
    /// A PEM file of the certificate authorities the server's certificate must chain to, instead of the system's trusted
    /// roots (for a private CA). Defaults to <see langword="null"/>: the system's roots.
    /// </summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>Certificate authorities the server's certificate may chain to, in addition to <see cref="CertificateAuthorityPath"/>. Defaults to none.</summary>
    public X509Certificate2Collection CertificateAuthorities { get; } = [];

    /// <summary>
    /// Decides whether the server's certificate is accepted, given the errors found when checking it. Called on a
    /// thread-pool thread during the handshake. Defaults to <see langword="null"/>: accept exactly the certificates with
    /// no errors.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>The client's certificate for mutual TLS, with its private key. Defaults to <see langword="null"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>A PEM file with the client's certificate (then its chain), for mutual TLS. Defaults to <see langword="null"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>A PEM file with the unencrypted private key of <see cref="CertificatePath"/>. Defaults to <see langword="null"/>: the key is in <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The TLS versions offered. Defaults to TLS 1.2 and TLS 1.3; <see cref="SslProtocols.None"/> lets the operating system choose.</summary>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long the handshake may take, measured with the shard's clock, within the connection attempt's own timeout. Defaults to 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The loaded certificates, made by <see cref="Clone"/>.</summary>
    internal ClientTlsContext? Context { get; private set; }

    /// <summary>A checked copy, with the files read.</summary>
    /// <exception cref="ArgumentException">A setting contradicts another or a file cannot be read; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal RpcClientTlsOptions Clone(string prefix)
    {
        if (Certificate is not null && CertificatePath is not null)
        {
            throw new ArgumentException($"{prefix}.{nameof(Certificate)} and {prefix}.{nameof(CertificatePath)} are both set; give the client certificate one way.");
        }

        if (KeyPath is not null && CertificatePath is null)
        {
            throw new ArgumentException($"{prefix}.{nameof(KeyPath)} is set without {prefix}.{nameof(CertificatePath)}; set both for a client certificate.");
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"{prefix}.{nameof(Certificate)} ('{Certificate.Subject}') has no private key; a client certificate needs one.");
        }

        OptionCheck.Timeout(HandshakeTimeout, prefix, nameof(HandshakeTimeout), infiniteAllowed: false);
        if (TargetHost is { Length: 0 })
        {
            throw new ArgumentException($"{prefix}.{nameof(TargetHost)} is empty; set the server's name or leave it null to use the endpoint's host.");
        }

        var copy = new RpcClientTlsOptions
        {
            TargetHost = TargetHost,
            CertificateAuthorityPath = CertificateAuthorityPath,
            ServerCertificateValidation = ServerCertificateValidation,
            Certificate = Certificate,
            CertificatePath = CertificatePath,
            KeyPath = KeyPath,
            EnabledProtocols = EnabledProtocols,
            HandshakeTimeout = HandshakeTimeout,
        };
        copy.CertificateAuthorities.AddRange(CertificateAuthorities);
        if (CertificateAuthorityPath is not null)
        {
            copy.CertificateAuthorities.AddRange(PemFiles.ReadAuthorities(CertificateAuthorityPath, $"{prefix}.{nameof(CertificateAuthorityPath)}"));
        }

        var certificate = Certificate is not null ? CertificateSource.Fixed(Certificate)
            : CertificatePath is not null ? CertificateSource.FromFiles(CertificatePath, KeyPath, $"{prefix}.{nameof(CertificatePath)}")
            : null;
        copy.Context = new ClientTlsContext(copy, certificate);
        return copy;
    }
}
