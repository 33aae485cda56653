using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Hosting.Internal;

/// <summary>
/// Checks the TLS files and timeouts named in configuration when the host starts, so that a bad one fails the start with
/// its configuration key and value rather than later with the runtime's option name.
/// </summary>
internal static class TlsSettingsCheck
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Checks a <see cref="SmfCertificateOptions"/> section: the path is given, both files exist, and they load as a certificate with its key.</summary>
    /// <param name="failures">Where failures are added.</param>
    /// <param name="section">The section's key, e.g. <c>Smf:Server:Tls:Certificate</c>.</param>
    /// <param name="certificate">The bound settings.</param>
    /// <param name="required">Why the section is required, or <see langword="null"/> when it is optional.</param>
    public static void Certificate(List<string> failures, string section, SmfCertificateOptions? certificate, string? required)
    {
        if (certificate?.Path is null)
        {
            if (required is not null)
            {
                failures.Add($"{section}:{nameof(SmfCertificateOptions.Path)} is required {required}: set it to a PEM certificate file (and {section}:{nameof(SmfCertificateOptions.KeyPath)} to its key).");
            }
            else if (certificate?.KeyPath is not null)
            {
                failures.Add($"{section}:{nameof(SmfCertificateOptions.KeyPath)} is '{certificate.KeyPath}' but {section}:{nameof(SmfCertificateOptions.Path)} is not set; set both for a certificate.");
            }

            return;
        }

        var pathKey = $"{section}:{nameof(SmfCertificateOptions.Path)}";
        var keyPathKey = $"{section}:{nameof(SmfCertificateOptions.KeyPath)}";
        var exists = File(failures, pathKey, certificate.Path);
        exists &= certificate.KeyPath is null || File(failures, keyPathKey, certificate.KeyPath);
        if (!exists)
        {
            return;
        }

        try
        {
            using var loaded = X509Certificate2.CreateFromPemFile(certificate.Path, certificate.KeyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var files = certificate.KeyPath is null
                ? $"{pathKey} is '{certificate.Path}', which (with no {keyPathKey}) must hold the certificate and its private key, but"
                : $"{pathKey} is '{certificate.Path}' and {keyPathKey} is '{certificate.KeyPath}', which";
            failures.Add($"{files} cannot be loaded as a PEM certificate and its private key: {e.Message}");
        }
    }

    /// <summary>Checks a PEM bundle of certificate authorities: the file exists and holds at least one certificate.</summary>
    public static void Authorities(List<string> failures, string key, string? path)
    {
        if (path is null || !File(failures, key, path))
        {
            return;
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
            if (authorities.Count == 0)
            {
                failures.Add($"{key} is '{path}', which holds no PEM certificate ('-----BEGIN CERTIFICATE-----').");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            failures.Add($"{key} is '{path}', which cannot be read as PEM certificates: {e.Message}");
        }
        finally
        {
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
    }

    /// <summary>Checks a handshake timeout: positive and finite.</summary>
    public static void HandshakeTimeout(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            failures.Add($"{key} is '{value}'; it must be positive (e.g. 00:00:10), and a handshake cannot go without a timeout.");
        }
    }

    /// <summary>Checks that <paramref name="path"/> names an existing file; a failure names the key, the path as given and as resolved.</summary>
    private static bool File(List<string> failures, string key, string path)
    {
        if (path.Length == 0)
        {
            failures.Add($"{key} is empty; set it to a PEM file or remove the key.");
            return false;
        }

        if (System.IO.File.Exists(path))
        {
            return true;
        }

        var full = Path.GetFullPath(path);
        var resolved = string.Equals(full, path, StringComparison.Ordinal) ? string.Empty : $" ({full})";
        failures.Add($"{key} is '{path}'{resolved}, which does not exist; a relative path is relative to the current directory ({Environment.CurrentDirectory}).");
        return false;
    }
}
