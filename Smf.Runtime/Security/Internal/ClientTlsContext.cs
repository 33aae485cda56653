using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Security.Internal;

/// <summary>What a TLS client uses to start each handshake: the trusted authorities, the validation callback and its own certificate (reloaded when its files change).</summary>
internal sealed class ClientTlsContext(RpcClientTlsOptions options, CertificateSource? certificate)
{
    public RpcClientTlsOptions Options { get; } = options;

    /// <summary>The settings of one handshake with <paramref name="targetHost"/>, with its own certificate check.</summary>
    public SslClientAuthenticationOptions CreateAuthenticationOptions(string targetHost, out PeerCertificateCheck check, out Exception? reloadError)
    {
        check = new PeerCertificateCheck(Options.CertificateAuthorities, Options.ServerCertificateValidation, required: true, "server");
        reloadError = null;
        return new SslClientAuthenticationOptions
        {
            TargetHost = Options.TargetHost ?? targetHost,
            RemoteCertificateValidationCallback = check.Validate,
            ClientCertificateContext = certificate?.Current(out _, out reloadError),
            EnabledSslProtocols = Options.EnabledProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = check.ChainPolicy(),
        };
    }
}
