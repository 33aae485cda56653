using System.Security.Cryptography.X509Certificates;
using Smf.Security;

namespace Smf.Bench.LoadGenerator.OurClient;

/// <summary>TLS for our client's connections (<see cref="Cli.RunOptions.TlsAuthority"/>).</summary>
internal sealed partial class OurClientDriver
{
    private X509Certificate2Collection? _authorities;

    /// <summary>
    /// The TLS settings of one client, trusting the run's certificate authority; null for plaintext. The authority is
    /// read once, so the connection shape times handshakes, not file reads.
    /// </summary>
    private RpcClientTlsOptions? Tls()
    {
        if (_options.TlsAuthority is not { } path)
        {
            return null;
        }

        if (_authorities is null)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(path);
            _authorities = authorities;
        }

        var tls = new RpcClientTlsOptions();
        tls.CertificateAuthorities.AddRange(_authorities);
        return tls;
    }
}
