using Smf.Interceptors;
using Smf.Security;
using Smf.Transport;

namespace Smf.Server;

/// <summary>The security settings of an <see cref="RpcServer"/>: TLS, interceptors and authorization.</summary>
public sealed partial class RpcServerOptions
{
    /// <summary>
    /// Serves TLS (and mutual TLS) on every connection when set; the connections then use the
    /// <see cref="RpcTransport.Stream"/> transport (an <see cref="System.Net.Security.SslStream"/>). Defaults to
    /// <see langword="null"/>: plaintext, as smf peers speak by default.
    /// </summary>
    public RpcServerTlsOptions? Tls { get; set; }

    /// <summary>
    /// Interceptors of every typed call, outermost first: each runs around the next and the handler, after the request
    /// was verified (gRPC's <c>Interceptor</c>). One instance serves every shard at once, so it must be thread-safe.
    /// Raw methods are not intercepted. Defaults to none.
    /// </summary>
    public IList<RpcInterceptor> Interceptors { get; } = [];

    /// <summary>
    /// Per-service and per-method authorization policies, which run before every call (raw and typed), answering 401 or
    /// 403 without running the handler. Defaults to <see langword="null"/>: every call runs.
    /// </summary>
    public RpcAuthorization? Authorization { get; set; }

    /// <summary><see cref="Interceptors"/> as an array, set on the copy the server keeps.</summary>
    internal RpcInterceptor[] InterceptorArray { get; private set; } = [];

    /// <exception cref="ArgumentException">A security setting is invalid; the message names it.</exception>
    private void CopySecurityTo(RpcServerOptions copy)
    {
        const string options = nameof(RpcServerOptions);
        if (Interceptors.Contains(null!))
        {
            throw new ArgumentException($"{options}.{nameof(Interceptors)} must not contain null entries.");
        }

        copy.InterceptorArray = [.. Interceptors];
        foreach (var interceptor in copy.InterceptorArray)
        {
            copy.Interceptors.Add(interceptor);
        }

        copy.Authorization = Authorization?.Clone();
        if (Tls is null)
        {
            return;
        }

        if (Transport is not (RpcTransport.Auto or RpcTransport.Stream))
        {
            throw new ArgumentException($"{options}.{nameof(Transport)} is '{Transport}', but TLS runs on the '{RpcTransport.Stream}' transport; leave it '{RpcTransport.Auto}' or set '{RpcTransport.Stream}'.");
        }

        copy.Transport = RpcTransport.Stream;
        copy.Tls = Tls.Clone($"{options}.{nameof(Tls)}");
    }
}
