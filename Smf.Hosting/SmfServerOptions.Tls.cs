namespace Smf.Hosting;

/// <summary>The TLS settings of the hosted smf server.</summary>
public sealed partial class SmfServerOptions
{
    /// <summary>
    /// Serves TLS (and mutual TLS) on every connection when set, bound from <c>Smf:Server:Tls</c>: the server's certificate
    /// (<c>Tls:Certificate:Path</c>, <c>Tls:Certificate:KeyPath</c>), the client certificate mode and CA bundle, and the
    /// handshake timeout. The files are checked when the host starts. Defaults to <see langword="null"/>: plaintext.
    /// See docs/security.md.
    /// </summary>
    public SmfServerTlsOptions? Tls { get; set; }
}
