namespace Smf.Hosting;

/// <summary>
/// A certificate and its private key as PEM files, bound from a <c>Certificate</c> configuration section as Kestrel's
/// <c>Certificate:Path</c> and <c>Certificate:KeyPath</c>: <c>Smf:Server:Tls:Certificate</c> for the server's certificate,
/// <c>Smf:Clients:&lt;name&gt;:Tls:Certificate</c> for a client's certificate (mutual TLS).
/// </summary>
/// <remarks>
/// A relative path is relative to the process's current directory. The files are checked when the host starts (each
/// must exist and the pair must load); afterwards the runtime watches them and loads them again when they change.
/// </remarks>
public sealed class SmfCertificateOptions
{
    /// <summary>
    /// A PEM file holding the certificate first, then any intermediate certificates of its chain. Required when the
    /// section is present.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// A PEM file holding the unencrypted private key of <see cref="Path"/> (PKCS#8, PKCS#1 or SEC1). Defaults to
    /// <see langword="null"/>: the key is in <see cref="Path"/> itself.
    /// </summary>
    public string? KeyPath { get; set; }
}
