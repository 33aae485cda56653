using System.Net;
using System.Net.Sockets;
using Smf.Protocol;

namespace Smf.Runtime.Tests.Server;

/// <summary>A raw-socket smf peer for tests: writes exactly the bytes given and reads frames back.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket;

    private RawClient(Socket socket) => _socket = socket;

    public static async Task<RawClient> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint).WaitAsync(TimeSpan.FromSeconds(10));
        return new RawClient(socket);
    }

    public static byte[] Frame(ushort session, uint requestId, ReadOnlySpan<byte> payload, CompressionFlags compression = CompressionFlags.None)
    {
        var frame = new byte[RpcHeader.Length + payload.Length];
        new RpcHeader(compression, 0, session, (uint)payload.Length, PayloadChecksum.Compute(payload), requestId).Write(frame);
        payload.CopyTo(frame.AsSpan(RpcHeader.Length));
        return frame;
    }

    public Task SendAsync(byte[] bytes) => _socket.SendAsync(bytes).WaitAsync(TimeSpan.FromSeconds(10));

    public Task SendFrameAsync(ushort session, uint requestId, ReadOnlySpan<byte> payload) => SendAsync(Frame(session, requestId, payload));

    /// <summary>Reads one whole frame; fails the test if none arrives within 10 s.</summary>
    public async Task<(RpcHeader Header, byte[] Payload)> ReadFrameAsync()
    {
        var headerBytes = new byte[RpcHeader.Length];
        await ReadExactlyAsync(headerBytes);
        var header = RpcHeader.Read(headerBytes);
        var payload = new byte[header.Size];
        await ReadExactlyAsync(payload);
        return (header, payload);
    }

    public async Task<(RpcHeader Header, byte[] Payload)> CallAsync(ushort session, uint requestId, byte[] payload)
    {
        await SendFrameAsync(session, requestId, payload);
        return await ReadFrameAsync();
    }

    /// <summary>True when the server closed the connection (end of stream or reset) within 10 s, without sending anything.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        var buffer = new byte[64];
        try
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
            return read == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Half-closes: the server sees end of stream but may still send.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public void Dispose() => _socket.Dispose();

    private async Task ReadExactlyAsync(byte[] buffer)
    {
        var offset = 0;
        while (offset < buffer.Length)
        {
            var read = await _socket.ReceiveAsync(buffer.AsMemory(offset)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (read == 0)
            {
                throw new IOException($"The server closed the connection after {offset} of {buffer.Length} bytes.");
            }

            offset += read;
        }
    }
}
