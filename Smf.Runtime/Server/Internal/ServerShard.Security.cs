using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Smf.Connections.Internal;
using Smf.Security.Internal;
using Smf.Transport.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The security side of a shard. TLS: each accepted socket's handshake runs asynchronously (the shard keeps serving its
/// other connections) and resumes on the shard, which then serves the connection over the TLS stream; a failed
/// handshake closes only that socket, and is counted and logged. Authorization: denied calls are counted and logged.
/// </summary>
internal sealed partial class ServerShard
{
    private readonly HashSet<CancellationTokenSource> _handshakes = [];

    /// <summary>Handshakes running now on this shard.</summary>
    public int PendingHandshakes => _handshakes.Count;

    /// <summary>Starts the handshake of an accepted socket; the connection slot is already held.</summary>
    private void BeginTlsHandshake(Socket socket)
    {
        var tls = Options.Tls!.Context!;
        var settings = tls.CreateAuthenticationOptions(out var check, out var reloaded, out var reloadError);
        if (reloaded)
        {
            SmfSecurityLog.CertificateReloaded(_logger, Id, tls.Options.CertificatePath!, settings.ServerCertificateContext!.TargetCertificate.Subject, settings.ServerCertificateContext.TargetCertificate.NotAfter);
        }
        else if (reloadError is not null)
        {
            SmfSecurityLog.CertificateReloadFailed(_logger, Id, tls.Options.CertificatePath!, reloadError.Message);
        }

        var abort = new CancellationTokenSource();
        _handshakes.Add(abort);
        _ = HandshakeAsync(socket, settings, check, abort);
    }

    /// <summary>Runs on the shard: the awaits resume on its synchronization context.</summary>
    private async Task HandshakeAsync(Socket socket, System.Net.Security.SslServerAuthenticationOptions settings, PeerCertificateCheck check, CancellationTokenSource abort)
    {
        var remote = SocketInfo.Remote(socket);
        ITransport transport;
        try
        {
            transport = await TlsHandshake.AuthenticateAsServerAsync(socket, Loop, settings, Options.Tls!.HandshakeTimeout, abort.Token).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            EndHandshake(abort);
            _limiter.Release();
            if (!_draining)
            {
                // Logged before it is counted: whoever sees the count can read the reason.
                SmfSecurityLog.HandshakeFailed(_logger, Id, remote, Describe(e, check));
                Counters.TlsHandshakeFailures++;
            }

            return;
        }

        EndHandshake(abort);
        if (_draining)
        {
            transport.Close();
            _limiter.Release();
            return;
        }

        var connection = new ServerConnection(this, transport);
        _connections.Add(connection);
        Counters.ActiveConnections++;
        Counters.ConnectionsAccepted++;
        SmfServerLog.ConnectionAccepted(_logger, Id, remote);
        connection.Start();
    }

    /// <summary>A call's authorization policy denied it; it is answered <paramref name="status"/> without running.</summary>
    public void OnCallDenied(RpcCallContext context, RpcStatus status)
    {
        if (status == RpcStatus.Forbidden)
        {
            Counters.Forbidden++;
        }
        else
        {
            Counters.Unauthorized++;
        }

        SmfSecurityLog.CallDenied(_logger, Id, context.RemoteEndPoint, context.ServiceName, context.Method.Name, (uint)status);
    }

    private void EndHandshake(CancellationTokenSource abort)
    {
        _handshakes.Remove(abort);
        abort.Dispose();
    }

    /// <summary>Ends every handshake still running (the server is stopping); each then releases its slot.</summary>
    private void AbortTlsHandshakes()
    {
        foreach (var abort in _handshakes.ToArray())
        {
            abort.Cancel();
        }
    }

    private static string Describe(Exception e, PeerCertificateCheck check) => e switch
    {
        _ when check.Rejection is { } rejection => rejection,
        TimeoutException => e.Message,
        AuthenticationException { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        AuthenticationException => e.Message,
        IOException or SocketException or ObjectDisposedException => $"the client closed or reset the connection during the handshake ({e.Message})",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
