using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Smf.Internal;
using Smf.Security.Internal;

namespace Smf.Security;

/// <summary>
/// TLS settings of an <see cref="Server.RpcServer"/> (<see cref="Server.RpcServerOptions.Tls"/>): the server's
/// certificate, whether clients must present one (mutual TLS), and how theirs are checked. Copied and validated, and
/// the certificate files read, when the server is constructed.
/// </summary>
/// <remarks>
/// The certificate is given either as <see cref="Certificate"/> or as PEM files (<see cref="CertificatePath"/> and
/// <see cref="KeyPath"/>). Files are watched: when either file's size or modification time changes, the next handshake
/// loads them again, so new connections use the new certificate while existing ones keep theirs; a pair that does not
/// load (for example while half written) is logged and the previous certificate stays in use.
/// </remarks>
public sealed class RpcServerTlsOptions
{
    /// <summary>The server's certificate, with its private key. Defaults to <see langword="null"/>: use <see cref="CertificatePath"/>.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// A PEM file holding the server's certificate first, then any intermediate certificates of its chain, which are sent
    /// to clients. Defaults to <see langword="null"/>: use <see cref="Certificate"/>.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// A PEM file holding the unencrypted private key of <see cref="CertificatePath"/> (PKCS#8, PKCS#1 or SEC1). Defaults to
    /// <see langword="null"/>: the key is in <see cref="CertificatePath"/> itself.
    /// </summary>
    public string? KeyPath { get; set; }

    /// <summary>Whether clients are asked for a certificate. Defaults to <see cref="RpcClientCertificateMode.NoCertificate"/>.</summary>
    public RpcClientCertificateMode ClientCertificateMode { get; set; }

    /// <summary>
    /// A PEM file of the certificate authorities a client certificate must chain to (instead of the system's trusted
    /// roots). Defaults to <see langword="null"/>.
    /// </summary>
    public string? ClientCertificateAuthorityPath { get; set; }

    /// <summary>Certificate authorities a client certificate may chain to, in addition to <see cref="ClientCertificateAuthorityPath"/>. Defaults to none.</summary>
    public X509Certificate2Collection ClientCertificateAuthorities { get; } = [];

    /// <summary>
    /// Decides whether a client certificate is accepted, given the errors found when checking it (against
    /// <see cref="ClientCertificateAuthorities"/> when any are given). Called on a thread-pool thread during the handshake.
    /// Defaults to <see langword="null"/>: accept exactly the certificates with no errors.
    /// </summary>
    public RemoteCertificateValidationCallback? ClientCertificateValidation { get; set; }

    /// <summary>The TLS versions offered. Defaults to TLS 1.2 and TLS 1.3; <see cref="SslProtocols.None"/> lets the operating system choose. The cipher suites are always the operating system's defaults.</summary>
    public SslProtocols EnabledProtocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// How long a client may take to complete its handshake, measured with the shard's clock; then the connection closes and
    /// is counted. Defaults to 10 s.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The loaded certificate and the check of client certificates, made by <see cref="Clone"/>.</summary>
    internal ServerTlsContext? Context { get; private set; }

    /// <summary>A checked copy, with the certificate files read.</summary>
    /// <exception cref="ArgumentException">A setting is missing or contradicts another; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    internal RpcServerTlsOptions Clone(string prefix)
    {
        if ((Certificate is null) == (CertificatePath is null))
        {
            throw new ArgumentException($"{prefix}.{nameof(Certificate)} or {prefix}.{nameof(CertificatePath)} must be set, and not both: the server needs exactly one certificate.");
        }

        if (KeyPath is not null && CertificatePath is null)
        {
            throw new ArgumentException($"{prefix}.{nameof(KeyPath)} is set without {prefix}.{nameof(CertificatePath)}; set both, or give {nameof(Certificate)} instead.");
        }

        if (Certificate is { HasPrivateKey: false })
        {
            throw new ArgumentException($"{prefix}.{nameof(Certificate)} ('{Certificate.Subject}') has no private key; a server certificate needs one.");
        }

        OptionCheck.Range(Enum.IsDefined(ClientCertificateMode), prefix, nameof(ClientCertificateMode), ClientCertificateMode, "is not a client certificate mode");
        OptionCheck.Timeout(HandshakeTimeout, prefix, nameof(HandshakeTimeout), infiniteAllowed: false);
        var hasAuthorities = ClientCertificateAuthorityPath is not null || ClientCertificateAuthorities.Count > 0;
        if (hasAuthorities && ClientCertificateMode == RpcClientCertificateMode.NoCertificate)
        {
            throw new ArgumentException(
                $"{prefix}.{nameof(ClientCertificateAuthorityPath)} or {nameof(ClientCertificateAuthorities)} is set but {prefix}.{nameof(ClientCertificateMode)} is '{RpcClientCertificateMode.NoCertificate}', so no client certificate would be asked for; set it to '{RpcClientCertificateMode.RequireCertificate}' or '{RpcClientCertificateMode.AllowCertificate}'.");
        }

        var copy = new RpcServerTlsOptions
        {
            Certificate = Certificate,
            CertificatePath = CertificatePath,
            KeyPath = KeyPath,
            ClientCertificateMode = ClientCertificateMode,
            ClientCertificateAuthorityPath = ClientCertificateAuthorityPath,
            ClientCertificateValidation = ClientCertificateValidation,
            EnabledProtocols = EnabledProtocols,
            HandshakeTimeout = HandshakeTimeout,
        };
        copy.ClientCertificateAuthorities.AddRange(ClientCertificateAuthorities);
        if (ClientCertificateAuthorityPath is not null)
        {
            copy.ClientCertificateAuthorities.AddRange(PemFiles.ReadAuthorities(ClientCertificateAuthorityPath, $"{prefix}.{nameof(ClientCertificateAuthorityPath)}"));
        }

        var certificate = Certificate is not null
            ? CertificateSource.Fixed(Certificate)
            : CertificateSource.FromFiles(CertificatePath!, KeyPath, $"{prefix}.{nameof(CertificatePath)}");
        copy.Context = new ServerTlsContext(copy, certificate);
        return copy;
    }
}
