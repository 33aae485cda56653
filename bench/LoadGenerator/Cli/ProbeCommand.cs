using System.Net;
using System.Net.Sockets;
using Smf.Bench.LoadGenerator.Smf;

namespace Smf.Bench.LoadGenerator.Cli;

/// <summary>
/// <c>probe --port N</c>: sends one Put request (session 1) to an smf server and prints the request
/// and reply frames in hex with their sizes, so the runner can check that the C floor answers with
/// the same bytes as our server.
/// </summary>
internal static class ProbeCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var host = "127.0.0.1";
        var port = 0;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--host": host = args[i + 1]; break;
                case "--port": port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown probe option '{args[i]}'; probe takes --host and --port.");
            }
        }

        var request = SmfWire.BuildPutRequestFrame();
        request[2] = 1;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveTimeout = 5000 };
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                socket.Connect(new IPEndPoint(IPAddress.Parse(host), port));
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }

        socket.Send(request);
        var header = ReceiveExactly(socket, SmfWire.HeaderLength);
        var size = BitConverter.ToUInt32(header, 4);
        var reply = header.Concat(ReceiveExactly(socket, (int)size)).ToArray();
        Console.WriteLine($"request {request.Length} B (payload {request.Length - SmfWire.HeaderLength} B): {Convert.ToHexStringLower(request)}");
        Console.WriteLine($"reply {reply.Length} B (payload {size} B): {Convert.ToHexStringLower(reply)}");
        var problem = SmfWire.Validate(reply);
        if (reply[2] != 1 || reply[3] != 0)
        {
            problem ??= $"Reply session is {BitConverter.ToUInt16(reply, 2)}, not 1.";
        }

        Console.WriteLine(problem ?? "reply ok: session 1, status 200, checksum matches");
        return problem is null ? 0 : 1;
    }

    private static byte[] ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        var received = 0;
        while (received < count)
        {
            var n = socket.Receive(buffer, received, count - received, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException($"The server closed the connection after {received} of {count} bytes.");
            }

            received += n;
        }

        return buffer;
    }
}
