using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Security.Internal;

/// <summary>
/// The certificate one side presents in its handshakes: a fixed one, or one read from PEM files and read again when
/// either file's size or modification time changes (checked at each handshake). Thread-safe: every shard asks it.
/// </summary>
internal sealed class CertificateSource
{
    private readonly object _gate = new();
    private readonly string? _certificatePath;
    private readonly string? _keyPath;
    private SslStreamCertificateContext _current;
    private FileStamp _stamp;

    private CertificateSource(SslStreamCertificateContext current, string? certificatePath, string? keyPath, FileStamp stamp)
    {
        _current = current;
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _stamp = stamp;
    }

    /// <summary>The certificate in use now.</summary>
    public X509Certificate2 Certificate
    {
        get
        {
            lock (_gate)
            {
                return _current.TargetCertificate;
            }
        }
    }

    public static CertificateSource Fixed(X509Certificate2 certificate) =>
        new(SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true), null, null, default);

    /// <exception cref="ArgumentException">The files cannot be read, or do not hold a certificate and its key; the message names <paramref name="option"/>.</exception>
    public static CertificateSource FromFiles(string certificatePath, string? keyPath, string option)
    {
        try
        {
            var stamp = FileStamp.Of(certificatePath, keyPath);
            return new CertificateSource(Load(certificatePath, keyPath), certificatePath, keyPath, stamp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var files = keyPath is null ? $"'{certificatePath}'" : $"'{certificatePath}' with key '{keyPath}'";
            throw new ArgumentException($"{option} is {files}, which cannot be loaded as a PEM certificate and private key: {e.Message}", e);
        }
    }

    /// <summary>
    /// The certificate for a new handshake. When the files changed since the last load they are read again:
    /// <paramref name="reloaded"/> tells that the new one is returned, <paramref name="error"/> that they did not load
    /// (the previous certificate is returned; the same change is not retried).
    /// </summary>
    public SslStreamCertificateContext Current(out bool reloaded, out Exception? error)
    {
        reloaded = false;
        error = null;
        if (_certificatePath is null)
        {
            return _current;
        }

        lock (_gate)
        {
            FileStamp stamp;
            try
            {
                stamp = FileStamp.Of(_certificatePath, _keyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file being replaced may be missing for a moment: keep serving with the loaded certificate.
                return _current;
            }

            if (stamp == _stamp)
            {
                return _current;
            }

            _stamp = stamp;
            try
            {
                _current = Load(_certificatePath, _keyPath);
                reloaded = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                error = e;
            }

            return _current;
        }
    }

    private static SslStreamCertificateContext Load(string certificatePath, string? keyPath)
    {
        var (certificate, chain) = PemFiles.ReadCertificate(certificatePath, keyPath);
        return SslStreamCertificateContext.Create(certificate, chain, offline: true);
    }

    /// <summary>What tells a file changed: its size and modification time, for the certificate and the key.</summary>
    private readonly record struct FileStamp(long CertificateLength, DateTime CertificateWritten, long KeyLength, DateTime KeyWritten)
    {
        public static FileStamp Of(string certificatePath, string? keyPath)
        {
            var certificate = new FileInfo(certificatePath);
            var key = keyPath is null ? null : new FileInfo(keyPath);
            if (!certificate.Exists || key is { Exists: false })
            {
                throw new FileNotFoundException($"'{(certificate.Exists ? keyPath : certificatePath)}' does not exist.");
            }

            return new FileStamp(certificate.Length, certificate.LastWriteTimeUtc, key?.Length ?? 0, key?.LastWriteTimeUtc ?? default);
        }
    }
}
