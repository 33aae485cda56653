using System.Net.Sockets;
using Smf.Client.Internal;
using Smf.Connections.Internal;
using Smf.Sharding.Internal;
using Smf.Transport;
using Smf.Transport.Internal;

namespace Smf.Client;

/// <summary>The connection side of <see cref="RpcClient"/>: connecting, lazy connects from calls, and reconnection.</summary>
public sealed partial class RpcClient
{
    /// <summary>
    /// Told why, when a connection attempt fails or the connection closes (not when the client is disposed): how a
    /// channel ejects the endpoint without watching every call.
    /// </summary>
    internal Action<string>? ConnectionFailed { get; set; }

    /// <summary>The calls holding a call slot: sent, or about to be, and not yet completed.</summary>
    internal int CallsInFlight => Options.MaxCallsInFlight - _callSlots.CurrentCount;

    /// <summary>Called on the connection's loop when it closed.</summary>
    internal void OnConnectionClosed(ClientConnection connection, Exception reason)
    {
        _lastError = reason;
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        RpcClientLog.ConnectionClosed(Logger, connection.EndPoint, reason);
        ConnectionFailed?.Invoke("its connection closed.");
        if (Options.ReconnectPolicy is not null && ReferenceEquals(_connection, connection))
        {
            StartReconnecting();
        }
    }

    private async ValueTask<ClientConnection> GetConnectionAsync(TimeSpan timeout, long deadline, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is { IsOpen: true })
        {
            return connection;
        }

        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (Options.ReconnectPolicy is not null && connection is not null)
        {
            // The policy reconnects in the background; calls meanwhile fail fast, as gRPC's do in transient failure.
            throw NotConnected();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline != long.MaxValue)
        {
            limit.CancelAfter(Remaining(deadline));
        }

        try
        {
            await ConnectAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            throw new TimeoutException($"The call could not connect to '{EndPoint}' within its deadline of {timeout.TotalMilliseconds} ms.");
        }

        return _connection is { IsOpen: true } open ? open : throw NotConnected();
    }

    private RpcConnectionException NotConnected()
    {
        var error = _connection?.CloseError ?? _lastError;
        var next = Options.ReconnectPolicy is null ? "The next call connects again." : "It is reconnecting in the background.";
        return error is null
            ? new RpcConnectionException($"The client is not connected to '{EndPoint}'. {next}")
            : new RpcConnectionException($"The client is not connected to '{EndPoint}': {error.Message} {next}", error);
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var socket = EndPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        if (Options.ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(Options.ConnectTimeout);
        }

        try
        {
            await ConnectSocketAsync(socket, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            var timedOut = new TimeoutException($"Connecting to '{EndPoint}' took longer than {Options.ConnectTimeout.TotalMilliseconds} ms (RpcClientOptions.ConnectTimeout).");
            _lastError = timedOut;
            throw new RpcConnectionException(timedOut.Message, timedOut);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            _lastError = e;
            throw new RpcConnectionException($"Could not connect to '{EndPoint}': {e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var tls = Options.Tls is null ? null : await AuthenticateAsync(socket, cancellationToken, limit.Token).ConfigureAwait(false);
        ClientConnection? connection = null;
        try
        {
            await _loop.InvokeAsync(() =>
            {
                var transport = tls ?? TransportFactory.Create(Options.Transport, socket, _loop);
                connection = new ClientConnection(this, _loop, transport, _decoder);
                connection.Start();
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            _lastError = e;
            throw new RpcConnectionException($"Could not register the connection to '{EndPoint}' with shard {_loop.Id}: {e.Message}", e);
        }

        _connection = connection;
        _lastError = null;
        RpcClientLog.Connected(Logger, EndPoint);
        if (_disposed.IsCancellationRequested)
        {
            connection!.CloseFromAnyThread(CloseReason.ClientDisposed, new ObjectDisposedException(nameof(RpcClient), "The client was disposed."));
        }
    }

    /// <summary>
    /// Connects <paramref name="socket"/>. When the shard's epoll will drive the socket (the epoll transport, and TLS on
    /// an epoll shard) the connect is a blocking call on a pool thread: an asynchronous connect would register the
    /// socket with .NET's own socket engine, which would then wake on every reply the shard's epoll already handles.
    /// </summary>
    private async Task ConnectSocketAsync(Socket socket, CancellationToken cancellationToken)
    {
        var shardPolls = Options.Transport == RpcTransport.Epoll || (Options.Tls is not null && TlsHandshake.ShardEpoll(_loop) is not null);
        if (!shardPolls)
        {
            await socket.ConnectAsync(EndPoint, cancellationToken).ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var abort = cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket);
        try
        {
            await Task.Run(() => socket.Connect(EndPoint), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private void StartReconnecting()
    {
        if (Interlocked.CompareExchange(ref _reconnecting, 1, 0) == 0)
        {
            _reconnectLoop = Task.Run(ReconnectLoopAsync);
        }
    }

    private async Task ReconnectLoopAsync()
    {
        var policy = Options.ReconnectPolicy!;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var delay = policy.DelayFor(attempt);
                RpcClientLog.ReconnectScheduled(Logger, EndPoint, (long)delay.TotalMilliseconds, attempt + 1);
                await Task.Delay(delay, Options.TimeProvider, _disposed.Token).ConfigureAwait(false);
                await _connectGate.WaitAsync(_disposed.Token).ConfigureAwait(false);
                try
                {
                    if (IsConnected)
                    {
                        return;
                    }

                    await ConnectOnceAsync(_disposed.Token).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (!_disposed.IsCancellationRequested)
                {
                    RpcClientLog.ReconnectFailed(Logger, EndPoint, attempt + 1, e);
                }
                finally
                {
                    _connectGate.Release();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _disposed.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
            if (!_disposed.IsCancellationRequested && !IsConnected)
            {
                StartReconnecting();
            }
        }
    }
}
