using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Smf.Sharding.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// Linux transport: the socket's descriptor is registered (level-triggered) with the shard's own epoll, and the
/// shard calls recv/send on it directly with MSG_DONTWAIT, so readiness and handler run on one thread.
/// </summary>
internal sealed unsafe class EpollConnectionTransport(Socket socket, EpollPoller poller) : IConnectionTransport, IEpollHandler
{
    private readonly int _fd = (int)socket.Handle;
    private RpcConnection? _connection;
    private int _slot = -1;
    private bool _readInterest = true;
    private bool _writeInterest;
    private bool _closed;

    public EndPoint? RemoteEndPoint { get; } = socket.RemoteEndPoint;

    public void Start(RpcConnection connection)
    {
        _connection = connection;
        _slot = poller.Add(_fd, Events(), this);
    }

    public int Receive(Span<byte> destination)
    {
        fixed (byte* buffer = destination)
        {
            var read = LinuxInterop.Recv(_fd, buffer, destination.Length, LinuxInterop.MsgDontWait);
            if (read >= 0)
            {
                return (int)read;
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is LinuxInterop.EAgain or LinuxInterop.EIntr ? -1 : -2;
    }

    public int Send(ReadOnlySpan<byte> source)
    {
        fixed (byte* buffer = source)
        {
            var sent = LinuxInterop.Send(_fd, buffer, source.Length, LinuxInterop.MsgDontWait | LinuxInterop.MsgNoSignal);
            if (sent >= 0)
            {
                return (int)sent;
            }
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is LinuxInterop.EAgain or LinuxInterop.EIntr ? -1 : -2;
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
        var connection = _connection!;
        if ((events & (LinuxInterop.EpollErr | LinuxInterop.EpollHup)) != 0)
        {
            connection.OnTransportFailed();
            return;
        }

        if ((events & LinuxInterop.EpollOut) != 0 && _writeInterest)
        {
            _writeInterest = false;
            poller.Modify(_fd, _slot, Events());
            connection.OnWritable(0, failed: false);
        }

        if ((events & (LinuxInterop.EpollIn | LinuxInterop.EpollRdHup)) != 0 && !_closed)
        {
            connection.OnReadable();
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

        socket.Dispose();
    }

    private uint Events() =>
        (_readInterest ? LinuxInterop.EpollIn | LinuxInterop.EpollRdHup : 0) | (_writeInterest ? LinuxInterop.EpollOut : 0);
}
