using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Smf.Bench.Shared;

/// <summary>
/// The benchmark servers' stats port: every connection gets one line,
/// <c>allocated_bytes=N gen0=N gen1=N gen2=N</c> (this process's GC counters), and is closed.
/// The load generator reads it at the start and the end of each measurement window.
/// </summary>
internal sealed class StatsEndpoint : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _thread;
    private volatile bool _disposed;

    private StatsEndpoint(Socket listener)
    {
        _listener = listener;
        _thread = new Thread(Serve) { IsBackground = true, Name = "bench-stats" };
        _thread.Start();
    }

    /// <summary>The port the endpoint listens on (useful when started with port 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> and answers on a background thread.</summary>
    public static StatsEndpoint Start(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(16);
        return new StatsEndpoint(listener);
    }

    /// <summary>The line the endpoint sends: allocated bytes (precise) and the collection count per generation.</summary>
    public static string Line() =>
        $"allocated_bytes={GC.GetTotalAllocatedBytes(precise: true)} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}\n";

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
    }

    private void Serve()
    {
        while (!_disposed)
        {
            try
            {
                using var client = _listener.Accept();
                client.Send(Encoding.ASCII.GetBytes(Line()));
                client.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException) when (!_disposed)
            {
                // A client that went away early: keep serving.
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
        }
    }
}
