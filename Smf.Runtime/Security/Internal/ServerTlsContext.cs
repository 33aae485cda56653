using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Security.Internal;

/// <summary>What every shard of a TLS server uses to start a handshake: the certificate (reloaded when its files change) and the client certificate rules.</summary>
internal sealed class ServerTlsContext(RpcServerTlsOptions options, CertificateSource certificate)
{
    public RpcServerTlsOptions Options { get; } = options;

    public CertificateSource Certificate { get; } = certificate;

    /// <summary>The settings of one handshake, with its own certificate check; see <see cref="CertificateSource.Current"/> for the out values.</summary>
    public SslServerAuthenticationOptions CreateAuthenticationOptions(out PeerCertificateCheck check, out bool reloaded, out Exception? reloadError)
    {
        var mode = Options.ClientCertificateMode;
        check = new PeerCertificateCheck(Options.ClientCertificateAuthorities, Options.ClientCertificateValidation, mode == RpcClientCertificateMode.RequireCertificate, "client");
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = Certificate.Current(out reloaded, out reloadError),
            ClientCertificateRequired = mode != RpcClientCertificateMode.NoCertificate,
            RemoteCertificateValidationCallback = mode == RpcClientCertificateMode.NoCertificate ? null : check.Validate,
            EnabledSslProtocols = Options.EnabledProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = check.ChainPolicy(),
        };
    }
}
