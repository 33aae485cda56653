using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Security.Internal;

/// <summary>Reads certificates and keys from PEM files; failures name the option that gave the path.</summary>
internal static class PemFiles
{
    /// <summary>Every certificate in a PEM bundle of certificate authorities.</summary>
    /// <exception cref="ArgumentException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection ReadAuthorities(string path, string option)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ArgumentException($"{option} is '{path}', which cannot be read as PEM certificates: {e.Message}", e);
        }

        if (authorities.Count == 0)
        {
            throw new ArgumentException($"{option} is '{path}', which holds no PEM certificate ('-----BEGIN CERTIFICATE-----').");
        }

        return authorities;
    }

    /// <summary>
    /// The certificate of <paramref name="certificatePath"/> (the first one) with the private key of <paramref name="keyPath"/>
    /// (or of the same file), and the certificates after it as its chain.
    /// </summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="CryptographicException">The files do not hold a certificate and its matching key.</exception>
    public static PemCertificate ReadCertificate(string certificatePath, string? keyPath)
    {
        var leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(certificatePath);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        all[0].Dispose();
        return new PemCertificate(leaf, chain);
    }
}
