using System.Security.Cryptography.X509Certificates;

namespace Smf.Security;

/// <summary>
/// The authorization policies of a server (<see cref="Server.RpcServerOptions.Authorization"/>): one per method, per
/// service, and a default, the most specific applying. A denied call is answered 401 or 403 without running its
/// handler, counted (<c>smf.server.unauthorized</c>, <c>smf.server.forbidden</c>) and logged at Debug (event 33). It
/// covers raw and typed methods alike. The server copies the table when it is constructed.
/// </summary>
/// <example>
/// <code>
/// var authorization = new RpcAuthorization { DefaultPolicy = RpcAuthorization.RequireClientCertificate };
/// authorization.Add("HealthService", RpcAuthorization.AllowAnonymous);                               // probes need no certificate
/// authorization.Add("MemoryNode", "Put", RpcAuthorization.RequireCertificateThumbprint(writerThumbprint)); // only the writer may put
/// </code>
/// </example>
public sealed class RpcAuthorization
{
    private readonly Dictionary<string, RpcAuthorizationPolicy> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Service, string Method), RpcAuthorizationPolicy> _methods = [];

    /// <summary>Allows every call.</summary>
    public static RpcAuthorizationPolicy AllowAnonymous { get; } = static _ => RpcAuthorizationResult.Allow;

    /// <summary>Allows calls over connections whose client presented a certificate (mutual TLS); others are answered 401.</summary>
    public static RpcAuthorizationPolicy RequireClientCertificate { get; } =
        static context => context.PeerCertificate is null ? RpcAuthorizationResult.Unauthorized : RpcAuthorizationResult.Allow;

    /// <summary>
    /// The policy of methods and services with none of their own. Defaults to <see langword="null"/>: they run for every
    /// caller.
    /// </summary>
    public RpcAuthorizationPolicy? DefaultPolicy { get; set; }

    /// <summary>
    /// A certificate allow-list: calls whose client certificate has one of <paramref name="thumbprints"/> (SHA-1, hex, as
    /// <see cref="X509Certificate2.Thumbprint"/>; case and spaces ignored) run; others with a certificate are answered 403,
    /// and calls without one 401.
    /// </summary>
    /// <param name="thumbprints">The allowed thumbprints.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">No thumbprint, or an empty one, is given.</exception>
    public static RpcAuthorizationPolicy RequireCertificateThumbprint(params IEnumerable<string> thumbprints)
    {
        ArgumentNullException.ThrowIfNull(thumbprints);
        var allowed = thumbprints.Select(t => (t ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (allowed.Count == 0 || allowed.Contains(string.Empty))
        {
            throw new ArgumentException("Give at least one certificate thumbprint, none empty (X509Certificate2.Thumbprint, e.g. '3A1F...').", nameof(thumbprints));
        }

        return context => context.PeerCertificate is not { } certificate ? RpcAuthorizationResult.Unauthorized
            : allowed.Contains(certificate.Thumbprint) ? RpcAuthorizationResult.Allow
            : RpcAuthorizationResult.Forbidden;
    }

    /// <summary>
    /// A certificate allow-list by subject: calls whose client certificate's subject (<see cref="X509Certificate.Subject"/>,
    /// e.g. <c>CN=writer</c>) is one of <paramref name="subjects"/> run; others with a certificate are answered 403, and
    /// calls without one 401.
    /// </summary>
    /// <param name="subjects">The allowed distinguished names, compared exactly.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">No subject, or an empty one, is given.</exception>
    public static RpcAuthorizationPolicy RequireCertificateSubject(params IEnumerable<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        var allowed = subjects.ToHashSet(StringComparer.Ordinal);
        if (allowed.Count == 0 || allowed.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Give at least one certificate subject, none empty (X509Certificate.Subject, e.g. 'CN=writer').", nameof(subjects));
        }

        return context => context.PeerCertificate is not { } certificate ? RpcAuthorizationResult.Unauthorized
            : allowed.Contains(certificate.Subject) ? RpcAuthorizationResult.Allow
            : RpcAuthorizationResult.Forbidden;
    }

    /// <summary>Sets the policy of every method of a service (unless a method has its own).</summary>
    /// <param name="serviceName">The service name as in the schema (<see cref="Server.RpcService.Name"/>), e.g. <c>MemoryNode</c>.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>This table, to chain calls.</returns>
    /// <exception cref="ArgumentException"><paramref name="serviceName"/> is empty.</exception>
    public RpcAuthorization Add(string serviceName, RpcAuthorizationPolicy policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentNullException.ThrowIfNull(policy);
        _services[serviceName] = policy;
        return this;
    }

    /// <summary>Sets the policy of one method.</summary>
    /// <param name="serviceName">The service name as in the schema, e.g. <c>MemoryNode</c>.</param>
    /// <param name="methodName">The method name as in the schema, e.g. <c>Put</c>.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>This table, to chain calls.</returns>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public RpcAuthorization Add(string serviceName, string methodName, RpcAuthorizationPolicy policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        ArgumentNullException.ThrowIfNull(policy);
        _methods[(serviceName, methodName)] = policy;
        return this;
    }

    /// <summary>The policy that applies to one method: its own, else its service's, else <see cref="DefaultPolicy"/>.</summary>
    internal RpcAuthorizationPolicy? Resolve(string serviceName, string methodName) =>
        _methods.TryGetValue((serviceName, methodName), out var method) ? method
        : _services.TryGetValue(serviceName, out var service) ? service
        : DefaultPolicy;

    internal RpcAuthorization Clone()
    {
        var copy = new RpcAuthorization { DefaultPolicy = DefaultPolicy };
        foreach (var (name, policy) in _services)
        {
            copy._services[name] = policy;
        }

        foreach (var (key, policy) in _methods)
        {
            copy._methods[key] = policy;
        }

        return copy;
    }
}
