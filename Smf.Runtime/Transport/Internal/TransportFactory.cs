using System.Net.Sockets;
using Smf.Sharding.Internal;

namespace Smf.Transport.Internal;

/// <summary>Makes the transport a connected socket uses on a shard, for servers and clients alike.</summary>
internal static class TransportFactory
{
    /// <param name="transport">A resolved transport (not <see cref="RpcTransport.Auto"/>).</param>
    /// <param name="socket">The connected socket; the transport owns it.</param>
    /// <param name="loop">The shard that owns the connection.</param>
    public static ITransport Create(RpcTransport transport, Socket socket, ShardLoop loop) => transport switch
    {
        RpcTransport.Epoll => new EpollTransport(socket, (EpollPoller)loop.Poller),
        RpcTransport.Socket => new SocketTransport(socket, loop),
        RpcTransport.Stream => new StreamTransport(new NetworkStream(socket, ownsSocket: true), socket, loop, SocketInfo.Remote(socket)),
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "The transport must be resolved before a connection is made."),
    };
}
