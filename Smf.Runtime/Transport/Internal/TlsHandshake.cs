using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Smf.Sharding.Internal;

namespace Smf.Transport.Internal;

/// <summary>
/// TLS for servers and clients alike: runs the handshake of an <see cref="SslStream"/> over a connected socket
/// asynchronously (never blocking a shard loop), bounded by a timeout on the shard's clock, and makes the
/// <see cref="StreamTransport"/> that then carries the connection on that shard: over an <see cref="EpollSocketStream"/>
/// when the shard polls with epoll, a <see cref="NetworkStream"/> otherwise.
/// </summary>
internal static class TlsHandshake
{
    /// <summary>The server side of the handshake.</summary>
    /// <exception cref="TimeoutException">The handshake did not complete within <paramref name="timeout"/>.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed (bad certificate, protocol error).</exception>
    /// <exception cref="IOException">The peer closed or reset the connection during the handshake.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<ITransport> AuthenticateAsServerAsync(Socket socket, ShardLoop loop, SslServerAuthenticationOptions options, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(socket, loop, timeout, cancellationToken, (ssl, token) => ssl.AuthenticateAsServerAsync(options, token));

    /// <summary>The client side of the handshake.</summary>
    /// <exception cref="TimeoutException">The handshake did not complete within <paramref name="timeout"/>.</exception>
    /// <exception cref="System.Security.Authentication.AuthenticationException">The handshake failed (bad certificate, protocol error).</exception>
    /// <exception cref="IOException">The peer closed or reset the connection during the handshake.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task<ITransport> AuthenticateAsClientAsync(Socket socket, ShardLoop loop, SslClientAuthenticationOptions options, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(socket, loop, timeout, cancellationToken, (ssl, token) => ssl.AuthenticateAsClientAsync(options, token));

    /// <summary>
    /// The epoll that drives the TLS connections of <paramref name="loop"/>, or null when the shard does not poll with
    /// epoll (<see cref="SslStream"/> then runs over a <see cref="NetworkStream"/>).
    /// </summary>
    public static EpollPoller? ShardEpoll(ShardLoop loop) => loop.Poller as EpollPoller;

    private static async Task<ITransport> RunAsync(Socket socket, ShardLoop loop, TimeSpan timeout, CancellationToken cancellationToken, Func<SslStream, CancellationToken, Task> authenticate)
    {
        var remote = SocketInfo.Remote(socket);

        // On the shard's own epoll the records of the connection are then read and written on the shard thread.
        var shardStream = ShardEpoll(loop) is { } poller ? new EpollSocketStream(socket, loop, poller) : null;
        var inner = shardStream ?? (Stream)new NetworkStream(socket, ownsSocket: true);
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        using var deadline = new CancellationTokenSource(timeout, loop.TimeProvider);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);

        // Closing the inner stream ends any read or write the handshake is waiting on, whatever the stream does with the token.
        var abort = limit.Token.UnsafeRegister(static s => ((Stream)s!).Dispose(), inner);
        Exception? failure = null;
        try
        {
            // Started on the thread pool, so that the handshake's public-key work never runs on a shard thread.
            await Task.Run(() => authenticate(ssl, limit.Token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
        }

        // Waits for a timeout callback already running, so the stream is either whole or closed from here on.
        abort.Dispose();
        if (failure is not null || limit.IsCancellationRequested)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The TLS handshake did not complete within {timeout.TotalMilliseconds} ms.", failure);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The TLS handshake was canceled.", failure, cancellationToken);
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure!);
        }

        shardStream?.CompleteOnShard();
        return new StreamTransport(ssl, shardStream is null ? socket : null, loop, remote, ssl.RemoteCertificate as X509Certificate2);
    }
}
