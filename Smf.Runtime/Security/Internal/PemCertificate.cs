using System.Security.Cryptography.X509Certificates;

namespace Smf.Security.Internal;

/// <summary>A certificate with its private key and the intermediate certificates sent with it.</summary>
internal readonly record struct PemCertificate(X509Certificate2 Certificate, X509Certificate2Collection Chain);
