using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Smf.Sharding.Internal;

namespace Smf.Transport.Internal;

/// <summary>
/// Portable transport: a zero-byte asynchronous receive signals that data is available and its completion is posted
/// to the shard, which then reads without blocking; a send that cannot finish continues asynchronously and its
/// completion is posted too. No buffer is held while a connection waits for data.
/// </summary>
internal sealed class SocketTransport : ITransport
{
    private static readonly SendOrPostCallback ReadReadyCallback = static s => ((SocketTransport)s!).OnReadReady();
    private static readonly SendOrPostCallback SendCompletedCallback = static s => ((SocketTransport)s!).OnSendCompleted();

    private readonly Socket _socket;
    private readonly ShardLoop _loop;
    private readonly SocketAsyncEventArgs _receiveArgs = new();
    private readonly SocketAsyncEventArgs _sendArgs = new();
    private ITransportHandler? _handler;
    private bool _readInterest = true;
    private bool _receiveArmed;
    private bool _closed;

    public SocketTransport(Socket socket, ShardLoop loop)
    {
        _socket = socket;
        _loop = loop;
        RemoteEndPoint = SocketInfo.Remote(socket);
        _receiveArgs.SetBuffer(Memory<byte>.Empty);
        // Completions arrive on pool threads; after the shard stopped there is nobody left to tell.
        _receiveArgs.Completed += (_, _) => _loop.TryPost(ReadReadyCallback, this);
        _sendArgs.Completed += (_, _) => _loop.TryPost(SendCompletedCallback, this);
    }

    public EndPoint? RemoteEndPoint { get; }

    public void Start(ITransportHandler handler)
    {
        _handler = handler;
        _socket.Blocking = false;
        ArmReceive();
    }

    public TransportResult Receive(Span<byte> destination)
    {
        var read = _socket.Receive(destination, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => read > 0 ? TransportResult.Moved(read) : TransportResult.EndOfStream,
            SocketError.WouldBlock or SocketError.Interrupted => TransportResult.WouldBlock,
            _ => TransportResult.Failed,
        };
    }

    public TransportResult Send(ReadOnlySpan<byte> source)
    {
        var sent = _socket.Send(source, SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => sent > 0 ? TransportResult.Moved(sent) : TransportResult.WouldBlock,
            SocketError.WouldBlock or SocketError.Interrupted => TransportResult.WouldBlock,
            _ => TransportResult.Failed,
        };
    }

    public void SetReadInterest(bool enabled)
    {
        _readInterest = enabled;
        if (enabled)
        {
            ArmReceive();
        }
    }

    public void WaitWritable(ReadOnlyMemory<byte> pending)
    {
        if (_closed)
        {
            return;
        }

        _sendArgs.SetBuffer(MemoryMarshal.AsMemory(pending));
        bool completesLater;
        try
        {
            completesLater = _socket.SendAsync(_sendArgs);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (!completesLater)
        {
            _loop.TryPost(SendCompletedCallback, this);
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        SocketInfo.CloseGracefully(_socket);
    }

    private void ArmReceive()
    {
        if (_receiveArmed || _closed)
        {
            return;
        }

        _receiveArmed = true;
        bool completesLater;
        try
        {
            completesLater = _socket.ReceiveAsync(_receiveArgs);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (!completesLater)
        {
            _loop.TryPost(ReadReadyCallback, this);
        }
    }

    private void OnReadReady()
    {
        _receiveArmed = false;
        if (_closed)
        {
            return;
        }

        if (_receiveArgs.SocketError != SocketError.Success)
        {
            _handler!.OnTransportFailed();
            return;
        }

        if (_readInterest)
        {
            _handler!.OnReadable();
            if (_readInterest)
            {
                ArmReceive();
            }
        }
    }

    private void OnSendCompleted()
    {
        if (_closed)
        {
            return;
        }

        _handler!.OnWritable(_sendArgs.BytesTransferred, _sendArgs.SocketError != SocketError.Success);
    }
}
