using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>
/// One non-blocking client connection driven by <see cref="SmfDriver"/>'s epoll loop: native in/out
/// buffers, and per session (0-65535) the send time and whether a call is in flight.
/// </summary>
internal sealed unsafe class SmfConnection : IDisposable
{
    private readonly Socket _socket;
    private bool _waitingForWritable;
    private ushort _nextSession = 1;

    private SmfConnection(Socket socket, int inCapacity, int outCapacity)
    {
        _socket = socket;
        Fd = (int)socket.Handle;
        InCapacity = inCapacity;
        OutCapacity = outCapacity;
        In = (byte*)NativeMemory.Alloc((nuint)inCapacity);
        Out = (byte*)NativeMemory.Alloc((nuint)outCapacity);
    }

    public int Fd { get; }

    /// <summary>The input buffer's size: at least one whole reply frame.</summary>
    public int InCapacity { get; }

    /// <summary>The output buffer's size: the requests of one loop iteration.</summary>
    public int OutCapacity { get; }

    /// <summary>How many requests this connection has enqueued: which of the driver's frames goes next.</summary>
    public long Enqueued { get; private set; }

    public byte* In { get; }

    public int InLength { get; set; }

    public byte* Out { get; }

    public int OutLength { get; private set; }

    public int InFlightCount { get; private set; }

    public long[] SendTicks { get; } = new long[65536];

    public bool[] InFlight { get; } = new bool[65536];

    /// <summary>Connects, retrying until <paramref name="timeout"/> passes (the server may still be starting).</summary>
    public static SmfConnection Connect(IPEndPoint endpoint, TimeSpan timeout, int inCapacity, int outCapacity)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Connect(endpoint);
                socket.Blocking = false;
                return new SmfConnection(socket, inCapacity, outCapacity);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Appends one request frame with the next free session and remembers <paramref name="sendTicks"/>
    /// for it; false when the output buffer is full.
    /// </summary>
    public bool TryEnqueue(byte* frame, int frameLength, long sendTicks)
    {
        if (OutLength + frameLength > OutCapacity || InFlightCount >= 65535)
        {
            return false;
        }

        var session = _nextSession;
        while (InFlight[session])
        {
            session++;
        }

        _nextSession = (ushort)(session + 1);
        var destination = Out + OutLength;
        Buffer.MemoryCopy(frame, destination, frameLength, frameLength);
        *(ushort*)(destination + 2) = session;
        OutLength += frameLength;
        InFlight[session] = true;
        SendTicks[session] = sendTicks;
        InFlightCount++;
        Enqueued++;
        return true;
    }

    /// <summary>Marks <paramref name="session"/> answered and returns its send time, or -1 if it was not in flight.</summary>
    public long Complete(ushort session)
    {
        if (!InFlight[session])
        {
            return -1;
        }

        InFlight[session] = false;
        InFlightCount--;
        return SendTicks[session];
    }

    /// <summary>Writes what is pending; arms EPOLLOUT while the socket cannot take everything.</summary>
    public void Flush(int epfd, int index)
    {
        if (OutLength > 0)
        {
            var written = Libc.Write(Fd, Out, OutLength);
            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EAGAIN && errno != Libc.EINTR)
                {
                    throw new IOException($"write() to the server failed with errno {errno}.");
                }
            }
            else if (written > 0)
            {
                OutLength -= (int)written;
                if (OutLength > 0)
                {
                    Buffer.MemoryCopy(Out + written, Out, OutCapacity, OutLength);
                }
            }
        }

        if (OutLength > 0 && !_waitingForWritable)
        {
            Libc.Control(epfd, Libc.EpollCtlMod, Fd, Libc.EpollIn | Libc.EpollOut, (ulong)index);
            _waitingForWritable = true;
        }
        else if (OutLength == 0 && _waitingForWritable)
        {
            Libc.Control(epfd, Libc.EpollCtlMod, Fd, Libc.EpollIn, (ulong)index);
            _waitingForWritable = false;
        }
    }

    /// <summary>Reads once into the input buffer; false when the server closed the connection or failed.</summary>
    public bool ReadOnce()
    {
        var n = Libc.Read(Fd, In + InLength, InCapacity - InLength);
        if (n > 0)
        {
            InLength += (int)n;
            return true;
        }

        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Libc.EAGAIN || errno == Libc.EINTR;
        }

        return false;
    }

    public void Dispose()
    {
        _socket.Dispose();
        NativeMemory.Free(In);
        NativeMemory.Free(Out);
    }
}
