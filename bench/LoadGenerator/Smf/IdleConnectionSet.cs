using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Smf.Bench.LoadGenerator.Measurement;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>
/// The idle connections of the many-connections shapes: plain sockets that connect and hold, never sending. Opening
/// them measures the server: its resident set and managed allocation before and after, and how long it takes until
/// the server process holds a descriptor for every one of them (its accept rate: the kernel completes a loopback
/// connect before the server accepts it, so the client's connect time alone would not show it).
/// </summary>
internal sealed class IdleConnectionSet : IDisposable
{
    private static readonly TimeSpan AcceptLimit = TimeSpan.FromSeconds(120);

    /// <summary>How long the server is left alone after the last accept before its memory is read.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private readonly List<Socket> _sockets;

    private IdleConnectionSet(List<Socket> sockets, IdleConnectionsMeasurement measurement)
    {
        _sockets = sockets;
        Measurement = measurement;
    }

    public IdleConnectionsMeasurement Measurement { get; }

    public static IdleConnectionSet Open(IPEndPoint endpoint, int count, int serverPid, string host, int statsPort)
    {
        if (serverPid <= 0)
        {
            throw new ArgumentException("--idle-connections needs --server-pid: the server's descriptors and memory are read from /proc.");
        }

        Thread.Sleep(Settle);
        var descriptorsBefore = ProcessMemory.OpenDescriptors(serverPid);
        var rssBefore = ProcessMemory.ResidentBytes(serverPid);
        var allocatedBefore = ServerStats.Read(host, statsPort)?.AllocatedBytes;
        var sockets = new List<Socket>(count);
        try
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Connect(endpoint);
            }

            var connected = Stopwatch.GetElapsedTime(start);
            while (ProcessMemory.OpenDescriptors(serverPid) < descriptorsBefore + count)
            {
                if (Stopwatch.GetElapsedTime(start) > AcceptLimit)
                {
                    throw new IOException($"The server held {ProcessMemory.OpenDescriptors(serverPid) - descriptorsBefore} of {count} idle connections after {AcceptLimit.TotalSeconds} s.");
                }

                Thread.Sleep(1);
            }

            var accepted = Stopwatch.GetElapsedTime(start);
            Thread.Sleep(Settle);
            var rssAfter = ProcessMemory.ResidentBytes(serverPid);
            var allocatedAfter = ServerStats.Read(host, statsPort)?.AllocatedBytes;
            var measurement = new IdleConnectionsMeasurement(count, connected.TotalSeconds, accepted.TotalSeconds, rssBefore, rssAfter, allocatedBefore, allocatedAfter);
            Console.WriteLine($"idle connections: {count} connected in {connected.TotalSeconds:F3} s, held by the server after {accepted.TotalSeconds:F3} s ({measurement.AcceptsPerSecond:F0}/s); server RSS +{(rssAfter - rssBefore) / 1024.0:F0} KiB ({measurement.RssBytesPerConnection:F0} B per connection), allocated {measurement.AllocatedBytesPerConnection:F0} B per connection");
            return new IdleConnectionSet(sockets, measurement);
        }
        catch
        {
            sockets.ForEach(s => s.Dispose());
            throw;
        }
    }

    public void Dispose() => _sockets.ForEach(s => s.Dispose());
}
