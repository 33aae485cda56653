namespace Smf.Security;

/// <summary>Whether a TLS server asks its clients for a certificate (mutual TLS), as Kestrel's <c>ClientCertificateMode</c>.</summary>
public enum RpcClientCertificateMode
{
    /// <summary>No client certificate is asked for; clients are anonymous at the TLS level.</summary>
    NoCertificate = 0,

    /// <summary>A client certificate is asked for but optional; one that is sent must be valid.</summary>
    AllowCertificate = 1,

    /// <summary>Every client must send a valid certificate, or its handshake fails (mutual TLS).</summary>
    RequireCertificate = 2,
}
