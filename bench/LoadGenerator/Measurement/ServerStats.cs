using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>
/// The .NET servers' allocation and GC counters, read from their stats port: the server writes one
/// line <c>allocated_bytes=N gen0=N gen1=N gen2=N</c> and closes the connection.
/// </summary>
internal sealed record ServerStats(long AllocatedBytes, long Gen0, long Gen1, long Gen2)
{
    public static ServerStats? Read(string host, int port)
    {
        if (port == 0)
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(IPAddress.Parse(host), port));
        var buffer = new byte[256];
        var length = 0;
        int n;
        while ((n = socket.Receive(buffer.AsSpan(length))) > 0)
        {
            length += n;
        }

        var values = Encoding.ASCII.GetString(buffer, 0, length).Trim().Split(' ')
            .Select(part => part.Split('='))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
        return new ServerStats(values["allocated_bytes"], values["gen0"], values["gen1"], values["gen2"]);
    }
}
