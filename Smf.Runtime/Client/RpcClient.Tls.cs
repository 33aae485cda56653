using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Smf.Client.Internal;
using Smf.Transport.Internal;

namespace Smf.Client;

/// <summary>The TLS side of <see cref="RpcClient"/>: the handshake of each new connection.</summary>
public sealed partial class RpcClient
{
    /// <summary>Runs the TLS handshake over a connected socket; the transport it returns carries the connection.</summary>
    /// <exception cref="RpcConnectionException">The handshake failed or timed out; the message says why, the inner exception is the cause.</exception>
    private async Task<ITransport> AuthenticateAsync(Socket socket, CancellationToken callerToken, CancellationToken connectToken)
    {
        var tls = Options.Tls!;
        var host = EndPoint switch
        {
            DnsEndPoint dns => dns.Host,
            IPEndPoint ip => ip.Address.ToString(),
            _ => tls.TargetHost!,
        };
        var settings = tls.Context!.CreateAuthenticationOptions(host, out var check, out var reloadError);
        if (reloadError is not null)
        {
            RpcClientTlsLog.CertificateReloadFailed(Logger, tls.CertificatePath!, reloadError.Message);
        }

        try
        {
            return await TlsHandshake.AuthenticateAsClientAsync(socket, _loop, settings, tls.HandshakeTimeout, connectToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            var timedOut = new TimeoutException($"Connecting to '{EndPoint}' (TLS handshake included) took longer than {Options.ConnectTimeout.TotalMilliseconds} ms (RpcClientOptions.ConnectTimeout).");
            _lastError = timedOut;
            throw new RpcConnectionException(timedOut.Message, timedOut);
        }
        catch (TimeoutException e)
        {
            _lastError = e;
            throw new RpcConnectionException($"The TLS handshake with '{EndPoint}' did not complete within {tls.HandshakeTimeout.TotalMilliseconds} ms (RpcClientTlsOptions.HandshakeTimeout).", e);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or ObjectDisposedException)
        {
            _lastError = e;
            var reason = check.Rejection
                ?? (e is AuthenticationException ? e.Message : $"the server closed the connection during the handshake ({e.Message}); is it serving TLS, and does it require a client certificate?");
            throw new RpcConnectionException($"The TLS handshake with '{EndPoint}' failed: {reason}", e);
        }
    }
}
