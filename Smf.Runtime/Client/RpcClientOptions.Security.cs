using Smf.Interceptors;
using Smf.Security;
using Smf.Transport;

namespace Smf.Client;

/// <summary>The security settings of an <see cref="RpcClient"/>: TLS and interceptors.</summary>
public sealed partial class RpcClientOptions
{
    /// <summary>
    /// Connects with TLS (and mutual TLS when a client certificate is given) when set; the connection then uses the
    /// <see cref="RpcTransport.Stream"/> transport. Defaults to <see langword="null"/>: plaintext.
    /// </summary>
    public RpcClientTlsOptions? Tls { get; set; }

    /// <summary>
    /// Interceptors of every typed call (<c>CallAsync&lt;TRequest, TResponse&gt;</c> and what generated clients call),
    /// outermost first. Raw calls (<see cref="RpcClient.CallAsync(uint, ReadOnlyMemory{byte}, RpcCallOptions)"/>) are not
    /// intercepted. Defaults to none.
    /// </summary>
    public IList<RpcInterceptor> Interceptors { get; } = [];

    /// <summary><see cref="Interceptors"/> as an array, set on the copy the client keeps.</summary>
    internal RpcInterceptor[] InterceptorArray { get; private set; } = [];

    /// <exception cref="ArgumentException">A security setting is invalid; the message names it.</exception>
    private void CopySecurityTo(RpcClientOptions copy)
    {
        const string options = nameof(RpcClientOptions);
        if (Interceptors.Contains(null!))
        {
            throw new ArgumentException($"{options}.{nameof(Interceptors)} must not contain null entries.");
        }

        copy.InterceptorArray = [.. Interceptors];
        foreach (var interceptor in copy.InterceptorArray)
        {
            copy.Interceptors.Add(interceptor);
        }

        if (Tls is null)
        {
            return;
        }

        if (Transport is not (RpcTransport.Auto or RpcTransport.Stream))
        {
            throw new ArgumentException($"{options}.{nameof(Transport)} is '{Transport}', but TLS runs on the '{RpcTransport.Stream}' transport; leave it '{RpcTransport.Auto}' or set '{RpcTransport.Stream}'.");
        }

        if (EndPoint is System.Net.Sockets.UnixDomainSocketEndPoint && Tls.TargetHost is null)
        {
            throw new ArgumentException($"{options}.{nameof(Tls)}.{nameof(RpcClientTlsOptions.TargetHost)} is required with a Unix domain socket endpoint: the server's certificate is checked against it.");
        }

        copy.Transport = RpcTransport.Stream;
        copy.Tls = Tls.Clone($"{options}.{nameof(Tls)}");
    }
}
