using Smf.Security;

namespace Smf.Hosting;

/// <summary>
/// TLS settings of the hosted smf server, bound from <c>Smf:Server:Tls</c> (<see cref="SmfServerOptions.Tls"/>); the
/// server serves TLS when the section is present. Each property becomes the <see cref="RpcServerTlsOptions"/> member
/// of the same name, which documents it in full.
/// </summary>
/// <example>
/// <code>
/// { "Smf": { "Server": { "Tls": {
///     "Certificate": { "Path": "tls/server.pem", "KeyPath": "tls/server.key" },
///     "ClientCertificateAuthorityPath": "tls/ca.pem"
/// } } } }
/// </code>
/// </example>
public sealed class SmfServerTlsOptions
{
    /// <summary>The server's certificate and key as PEM files (<c>Smf:Server:Tls:Certificate:Path</c> and <c>:KeyPath</c>). Required.</summary>
    public SmfCertificateOptions? Certificate { get; set; }

    /// <summary>
    /// Whether clients are asked for a certificate (<see cref="RpcServerTlsOptions.ClientCertificateMode"/>):
    /// <c>NoCertificate</c>, <c>AllowCertificate</c> or <c>RequireCertificate</c> (mutual TLS). Defaults to
    /// <see langword="null"/>: <c>RequireCertificate</c> when <see cref="ClientCertificateAuthorityPath"/> is set,
    /// <c>NoCertificate</c> otherwise.
    /// </summary>
    public RpcClientCertificateMode? ClientCertificateMode { get; set; }

    /// <summary>
    /// A PEM file of the certificate authorities client certificates must chain to, instead of the system's trusted roots
    /// (<see cref="RpcServerTlsOptions.ClientCertificateAuthorityPath"/>). Defaults to <see langword="null"/>.
    /// </summary>
    public string? ClientCertificateAuthorityPath { get; set; }

    /// <summary>How long a client may take to complete its handshake (<see cref="RpcServerTlsOptions.HandshakeTimeout"/>). Defaults to 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The client certificate mode that applies: <see cref="ClientCertificateMode"/>, or the default it documents.</summary>
    internal RpcClientCertificateMode EffectiveClientCertificateMode =>
        ClientCertificateMode ?? (ClientCertificateAuthorityPath is null ? RpcClientCertificateMode.NoCertificate : RpcClientCertificateMode.RequireCertificate);

    /// <summary>The runtime's options for these settings (already validated).</summary>
    internal RpcServerTlsOptions ToRpcServerTlsOptions() => new()
    {
        CertificatePath = Certificate?.Path,
        KeyPath = Certificate?.KeyPath,
        ClientCertificateMode = EffectiveClientCertificateMode,
        ClientCertificateAuthorityPath = ClientCertificateAuthorityPath,
        HandshakeTimeout = HandshakeTimeout,
    };
}
