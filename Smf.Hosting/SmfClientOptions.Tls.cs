namespace Smf.Hosting;

/// <summary>The TLS settings of one named smf client.</summary>
public sealed partial class SmfClientOptions
{
    /// <summary>
    /// Connects with TLS (and mutual TLS when a client certificate is given) when set, bound from
    /// <c>Smf:Clients:&lt;name&gt;:Tls</c>: the CA bundle, the server name, and the client certificate
    /// (<c>Tls:Certificate:Path</c>, <c>Tls:Certificate:KeyPath</c>). The files are checked when the host starts.
    /// Defaults to <see langword="null"/>: plaintext. See docs/security.md.
    /// </summary>
    public SmfClientTlsOptions? Tls { get; set; }
}
