using System.Net.Sockets;
using Smf.Protocol;

namespace Smf.Runtime.Tests.Client;

/// <summary>One accepted connection of <see cref="FakeSmfServer"/>; writes are serialized.</summary>
internal sealed class FakeConnection(Socket socket)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Builds a well-formed reply frame.</summary>
    public static byte[] Frame(ushort session, ReadOnlySpan<byte> payload, uint status = 200, CompressionFlags compression = CompressionFlags.None)
    {
        var frame = new byte[RpcHeader.Length + payload.Length];
        new RpcHeader(compression, 0, session, (uint)payload.Length, PayloadChecksum.Compute(payload), status).Write(frame);
        payload.CopyTo(frame.AsSpan(RpcHeader.Length));
        return frame;
    }

    public Task ReplyAsync(ushort session, ReadOnlySpan<byte> payload, uint status = 200) => SendRawAsync(Frame(session, payload, status));

    public async Task SendRawAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                sent += await socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<bool> ReadExactlyAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    public void Abort()
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
