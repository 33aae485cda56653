using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Security.Internal;

/// <summary>
/// Checks the peer's certificate during one handshake (its chain built against custom authorities when given, see
/// <see cref="ChainPolicy"/>; then the user's callback)
/// and keeps the reason of a rejection, so that the failure can say more than "the remote certificate was rejected".
/// </summary>
internal sealed class PeerCertificateCheck(X509Certificate2Collection authorities, RemoteCertificateValidationCallback? callback, bool required, string peer)
{
    /// <summary>Why the peer's certificate was rejected, once it was.</summary>
    public string? Rejection { get; private set; }

    /// <summary>
    /// The chain policy the handshake builds the peer's chain with: trust exactly the custom authorities when any are
    /// given, so the one chain the handshake builds is the one checked (no second build here); null for the system's roots.
    /// </summary>
    public X509ChainPolicy? ChainPolicy()
    {
        if (authorities.Count == 0)
        {
            return null;
        }

        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(authorities);
        return policy;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            if (!required)
            {
                return true;
            }

            Rejection = $"the {peer} sent no certificate, and one is required";
            return false;
        }

        if (callback is not null)
        {
            var accepted = callback(sender, certificate, chain, errors);
            if (!accepted)
            {
                Rejection = $"the validation callback rejected the {peer}'s certificate '{certificate.Subject}'";
            }

            return accepted;
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        Rejection = Describe(certificate, errors, chain?.ChainStatus ?? []);
        return false;
    }

    private string Describe(X509Certificate certificate, SslPolicyErrors errors, X509ChainStatus[] status)
    {
        var parts = new List<string>();
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            parts.Add("its name does not match the name the client asked for");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var details = status.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => $"{s.Status} ({s.StatusInformation.Trim()})").ToList();
            parts.Add(details.Count == 0 ? "its chain is not trusted" : $"its chain is not valid: {string.Join(", ", details)}");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            parts.Add("it was not available");
        }

        return $"the {peer}'s certificate '{certificate.Subject}' was rejected: {string.Join("; ", parts)}";
    }
}
