using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Smf.Sharding.Internal;

namespace Smf.Transport.Internal;

/// <summary>
/// Linux transport: the socket's descriptor is registered (level-triggered) with the shard's own epoll, and the
/// shard calls recv/send on it directly with MSG_DONTWAIT, so readiness and protocol run on one thread.
/// </summary>
internal sealed unsafe class EpollTransport(Socket socket, EpollPoller poller) : ITransport, IEpollHandler
{
    private readonly int _fd = (int)socket.Handle;
    private ITransportHandler? _handler;
    private int _slot = -1;
    private bool _readInterest = true;
    private bool _writeInterest;
    private bool _closed;

    public EndPoint? RemoteEndPoint { get; } = SocketInfo.Remote(socket);

    public void Start(ITransportHandler handler)
    {
        _handler = handler;
        _slot = poller.Add(_fd, Events(), this);
    }

    public TransportResult Receive(Span<byte> destination)
    {
        fixed (byte* buffer = destination)
        {
            var read = LinuxInterop.Recv(_fd, buffer, destination.Length, LinuxInterop.MsgDontWait);
            if (read > 0)
            {
                return TransportResult.Moved((int)read);
            }

            if (read == 0)
            {
                return TransportResult.EndOfStream;
            }
        }

        return Error();
    }

    public TransportResult Send(ReadOnlySpan<byte> source)
    {
        fixed (byte* buffer = source)
        {
            var sent = LinuxInterop.Send(_fd, buffer, source.Length, LinuxInterop.MsgDontWait | LinuxInterop.MsgNoSignal);
            if (sent >= 0)
            {
                return sent == 0 ? TransportResult.WouldBlock : TransportResult.Moved((int)sent);
            }
        }

        return Error();
    }

    public void SetReadInterest(bool enabled)
    {
        if (_readInterest != enabled && !_closed)
        {
            _readInterest = enabled;
            poller.Modify(_fd, _slot, Events());
        }
    }

    public void WaitWritable(ReadOnlyMemory<byte> pending)
    {
        if (!_writeInterest && !_closed)
        {
            _writeInterest = true;
            poller.Modify(_fd, _slot, Events());
        }
    }

    public void OnEpollEvents(uint events)
    {
        var handler = _handler!;
        if ((events & LinuxInterop.EpollErr) != 0 || ((events & LinuxInterop.EpollHup) != 0 && (events & LinuxInterop.EpollIn) == 0))
        {
            handler.OnTransportFailed();
            return;
        }

        if ((events & LinuxInterop.EpollOut) != 0 && _writeInterest)
        {
            _writeInterest = false;
            poller.Modify(_fd, _slot, Events());
            handler.OnWritable(0, failed: false);
        }

        if ((events & (LinuxInterop.EpollIn | LinuxInterop.EpollRdHup | LinuxInterop.EpollHup)) != 0 && !_closed && _readInterest)
        {
            handler.OnReadable();
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if (_slot >= 0)
        {
            poller.Remove(_fd, _slot);
        }

        SocketInfo.CloseGracefully(socket);
    }

    private static TransportResult Error()
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno is LinuxInterop.EAgain or LinuxInterop.EIntr ? TransportResult.WouldBlock : TransportResult.Failed;
    }

    private uint Events() =>
        (_readInterest ? LinuxInterop.EpollIn | LinuxInterop.EpollRdHup : 0) | (_writeInterest ? LinuxInterop.EpollOut : 0);
}
