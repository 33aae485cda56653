using Smf.Security;

namespace Smf.Hosting;

/// <summary>
/// TLS settings of one named smf client, bound from <c>Smf:Clients:&lt;name&gt;:Tls</c> (<see cref="SmfClientOptions.Tls"/>);
/// the client connects with TLS when the section is present. Each property becomes the <see cref="RpcClientTlsOptions"/>
/// member of the same name, which documents it in full.
/// </summary>
/// <example>
/// <code>
/// { "Smf": { "Clients": { "MemoryNode": { "Address": "127.0.0.1:20776", "Tls": {
///     "CertificateAuthorityPath": "tls/ca.pem",
///     "Certificate": { "Path": "tls/client.pem", "KeyPath": "tls/client.key" }
/// } } } } }
/// </code>
/// </example>
public sealed class SmfClientTlsOptions
{
    /// <summary>
    /// A PEM file of the certificate authorities the server's certificate must chain to, instead of the system's trusted
    /// roots (<see cref="RpcClientTlsOptions.CertificateAuthorityPath"/>). Defaults to <see langword="null"/>: the system's roots.
    /// </summary>
    public string? CertificateAuthorityPath { get; set; }

    /// <summary>
    /// The server name sent in the handshake and matched against the server's certificate
    /// (<see cref="RpcClientTlsOptions.TargetHost"/>). Defaults to <see langword="null"/>: the host of
    /// <see cref="SmfClientOptions.Address"/>; required with a <c>unix:</c> address.
    /// </summary>
    public string? TargetHost { get; set; }

    /// <summary>
    /// The client's certificate and key as PEM files, for mutual TLS (<c>Smf:Clients:&lt;name&gt;:Tls:Certificate:Path</c>
    /// and <c>:KeyPath</c>). Defaults to <see langword="null"/>: no client certificate.
    /// </summary>
    public SmfCertificateOptions? Certificate { get; set; }

    /// <summary>How long the handshake may take (<see cref="RpcClientTlsOptions.HandshakeTimeout"/>). Defaults to 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The runtime's options for these settings (already validated).</summary>
    internal RpcClientTlsOptions ToRpcClientTlsOptions() => new()
    {
        CertificateAuthorityPath = CertificateAuthorityPath,
        TargetHost = TargetHost,
        CertificatePath = Certificate?.Path,
        KeyPath = Certificate?.KeyPath,
        HandshakeTimeout = HandshakeTimeout,
    };
}
