using System.Net;
using System.Net.Sockets;

namespace Smf.Transport.Internal;

/// <summary>Socket chores every transport shares.</summary>
internal static class SocketInfo
{
    /// <summary>The peer's address, or null when the peer is already gone.</summary>
    public static EndPoint? Remote(Socket socket)
    {
        try
        {
            return socket.RemoteEndPoint;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends FIN before closing, so the peer reads end of stream: disposing a socket with an operation pending makes
    /// .NET abort it, which the peer sees as a reset.
    /// </summary>
    public static void CloseGracefully(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset or closed by the peer: nothing to say goodbye to.
        }

        socket.Dispose();
    }
}
