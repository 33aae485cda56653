using System.Net;
using System.Runtime.InteropServices;
using HdrHistogram;
using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Measurement;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>
/// Drives an smf server (ours or the C floor: the same code path) from one thread that owns its
/// epoll and non-blocking sockets. Closed loop: each connection keeps <see cref="Shape.Depth"/>
/// calls in flight and sends a new one per reply. Open loop: calls are due on a fixed schedule,
/// round-robin over the connections, and latency is measured from the time a call was due, so a
/// slow server cannot hide its queueing (no coordinated omission). The request is MemoryNode.Put, an Echo of
/// <see cref="RunOptions.EchoBytes"/> bytes, or Puts cycling over keys of different owning shards
/// (<see cref="RunOptions.KeyOwners"/>); <see cref="RunOptions.IdleConnections"/> idle connections can be held
/// beside the shape's own (<see cref="IdleConnectionSet"/>).
/// </summary>
internal sealed unsafe class SmfDriver : IDisposable
{
    private const int MaxEvents = 256;
    private const int OpenLoopInFlightPerConnection = 8192;
    private static readonly TimeSpan OpenLoopDrainLimit = TimeSpan.FromSeconds(1);

    private readonly RunOptions _options;
    private readonly byte*[] _frames;
    private readonly int _frameLength;
    private readonly byte* _events;

    public SmfDriver(RunOptions options)
    {
        _options = options;
        byte[][] frames = options.EchoBytes > 0 ? [SmfWire.BuildEchoRequestFrame(options.EchoBytes)]
            : options.KeyOwners > 1 ? KeysByOwner.Create(options.KeyOwners).Select(SmfWire.BuildPutRequestFrame).ToArray()
            : [SmfWire.BuildPutRequestFrame()];
        _frameLength = frames[0].Length;
        _frames = new byte*[frames.Length];
        for (var i = 0; i < frames.Length; i++)
        {
            if (frames[i].Length != _frameLength)
            {
                throw new InvalidOperationException("The request frames of one run must have one length.");
            }

            _frames[i] = (byte*)NativeMemory.Alloc((nuint)_frameLength);
            frames[i].CopyTo(new Span<byte>(_frames[i], _frameLength));
        }

        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * Libc.EpollEventSize));
    }

    public ShapeMeasurement Run(Shape shape, TimeSpan warmup)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(_options.Host), _options.Port);
        var connections = new SmfConnection[shape.Connections];
        var epfd = Libc.EpollCreate1(Libc.EpollCloexec);
        if (epfd < 0)
        {
            throw new IOException($"epoll_create1 failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        // Room for the replies of one read (an echo reply is a few bytes longer than its request) and the requests of one loop.
        var inCapacity = Math.Max(256 * 1024, (2 * _frameLength) + (64 * 1024));
        var outCapacity = Math.Max(1024 * 1024, (Math.Max(shape.Depth, 1) + 1) * _frameLength);
        IdleConnectionSet? idle = null;
        try
        {
            if (_options.IdleConnections > 0)
            {
                idle = IdleConnectionSet.Open(endpoint, _options.IdleConnections, _options.ServerPid, _options.Host, _options.StatsPort);
            }

            for (var i = 0; i < connections.Length; i++)
            {
                connections[i] = SmfConnection.Connect(endpoint, TimeSpan.FromSeconds(15), inCapacity, outCapacity);
                Libc.Control(epfd, Libc.EpollCtlAdd, connections[i].Fd, Libc.EpollIn, (ulong)i);
            }

            var measurement = Loop(shape, warmup, connections, epfd);
            return idle is null ? measurement : measurement with { Idle = idle.Measurement };
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }

            idle?.Dispose();
            Libc.Close(epfd);
        }
    }

    public void Dispose()
    {
        foreach (var frame in _frames)
        {
            NativeMemory.Free(frame);
        }

        NativeMemory.Free(_events);
    }

    /// <summary>Enqueues the connection's next request (the frames in turn).</summary>
    private bool TryEnqueueNext(SmfConnection connection, long sendTicks) =>
        connection.TryEnqueue(_frames[connection.Enqueued % _frames.Length], _frameLength, sendTicks);

    private ShapeMeasurement Loop(Shape shape, TimeSpan warmup, SmfConnection[] connections, int epfd)
    {
        var histogram = Histograms.Create();
        var openLoop = shape.IsOpenLoop;
        var offeredRate = openLoop ? _options.ReferenceRate * shape.OpenLoopFraction : 0;
        var interval = openLoop ? System.Diagnostics.Stopwatch.Frequency / offeredRate : 0;
        var timeout = openLoop || _options.ClientSpin ? 0 : 100;

        var start = Clock.Now;
        var warmEnd = start + Clock.FromTimeSpan(warmup);
        var measureStart = long.MaxValue;
        var measureEnd = long.MaxValue;
        var drainDeadline = long.MaxValue;
        Snapshot? first = null;
        Snapshot? last = null;
        long windowTicks = 0;
        long calls = 0;
        long errors = 0;
        long windowOutstanding = 0;
        string? firstError = null;
        var replyFrameBytes = 0;
        double nextDue = start;
        long sequence = 0;

        if (!openLoop)
        {
            for (var i = 0; i < connections.Length; i++)
            {
                for (var d = 0; d < shape.Depth; d++)
                {
                    TryEnqueueNext(connections[i], Clock.Now);
                }

                connections[i].Flush(epfd, i);
            }
        }

        while (true)
        {
            var now = Clock.Now;
            if (first is null && now >= warmEnd)
            {
                first = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
                measureStart = Clock.Now;
                measureEnd = measureStart + Clock.FromTimeSpan(_options.Duration);
                now = measureStart;
            }
            else if (last is null && now >= measureEnd)
            {
                last = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
                windowTicks = now - measureStart;
                if (!openLoop)
                {
                    break;
                }

                drainDeadline = Clock.Now + Clock.FromTimeSpan(OpenLoopDrainLimit);
            }

            if (last is not null && ((windowOutstanding == 0 && nextDue >= measureEnd) || now >= drainDeadline))
            {
                break;
            }

            if (openLoop)
            {
                // After the window, calls that were due inside it are still sent: they count.
                while (nextDue <= now && (last is null || nextDue < measureEnd))
                {
                    var connection = connections[sequence % connections.Length];
                    if (connection.InFlightCount >= OpenLoopInFlightPerConnection
                        || !TryEnqueueNext(connection, (long)nextDue))
                    {
                        break; // still due: its latency keeps growing from the scheduled time
                    }

                    if ((long)nextDue >= measureStart)
                    {
                        windowOutstanding++;
                    }

                    sequence++;
                    nextDue += interval;
                }

                for (var i = 0; i < connections.Length; i++)
                {
                    if (connections[i].OutLength > 0)
                    {
                        connections[i].Flush(epfd, i);
                    }
                }
            }

            var ready = Libc.EpollWait(epfd, _events, MaxEvents, timeout);
            if (ready < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                throw new IOException($"epoll_wait failed with errno {errno}.");
            }

            var received = Clock.Now;
            for (var e = 0; e < ready; e++)
            {
                var entry = _events + (e * Libc.EpollEventSize);
                var flags = *(uint*)entry;
                var index = (int)*(ulong*)(entry + Libc.EpollDataOffset);
                var connection = connections[index];
                if ((flags & Libc.EpollOut) != 0)
                {
                    connection.Flush(epfd, index);
                }

                if ((flags & (Libc.EpollIn | Libc.EpollErr | Libc.EpollHup)) == 0)
                {
                    continue;
                }

                if (!connection.ReadOnce())
                {
                    throw new IOException($"The server at {_options.Host}:{_options.Port} closed connection {index} (after {calls} calls in the window, first error: {firstError ?? "none"}).");
                }

                var replies = 0;
                var position = 0;
                var buffer = connection.In;
                while (connection.InLength - position >= SmfWire.HeaderLength)
                {
                    var size = *(uint*)(buffer + position + 4);
                    var frameLength = SmfWire.HeaderLength + (long)size;
                    if (frameLength > connection.InCapacity)
                    {
                        throw new IOException($"The server sent a frame of {size} payload bytes; the replies of this run are at most {connection.InCapacity - SmfWire.HeaderLength}.");
                    }

                    if (connection.InLength - position < frameLength)
                    {
                        break;
                    }

                    var frame = new ReadOnlySpan<byte>(buffer + position, (int)frameLength);
                    var problem = SmfWire.Validate(frame);
                    var sent = connection.Complete(*(ushort*)(buffer + position + 2));
                    if (sent < 0)
                    {
                        problem ??= $"Reply for session {*(ushort*)(buffer + position + 2)}, which is not in flight.";
                    }
                    else if (openLoop ? sent >= measureStart && sent < measureEnd : sent >= measureStart && received <= measureEnd)
                    {
                        Histograms.Record(histogram, Clock.ToNanoseconds(received - sent));
                        if (openLoop)
                        {
                            windowOutstanding--;
                        }
                    }

                    if (problem is not null)
                    {
                        errors++;
                        firstError ??= problem;
                    }

                    if (received >= measureStart && received <= measureEnd)
                    {
                        calls++;
                    }

                    replyFrameBytes = (int)frameLength;
                    replies++;
                    position += (int)frameLength;
                }

                if (position > 0)
                {
                    connection.InLength -= position;
                    if (connection.InLength > 0)
                    {
                        Buffer.MemoryCopy(buffer + position, buffer, connection.InCapacity, connection.InLength);
                    }
                }

                if (!openLoop && replies > 0)
                {
                    var sendTime = Clock.Now;
                    for (var r = 0; r < replies; r++)
                    {
                        TryEnqueueNext(connection, sendTime);
                    }

                    connection.Flush(epfd, index);
                }
            }
        }

        long unanswered = 0;
        if (openLoop)
        {
            var end = Clock.Now;
            unanswered = windowOutstanding + RecordUnsent(histogram, nextDue, interval, measureEnd, end);
            RecordUnanswered(histogram, connections, measureStart, measureEnd, end);
        }

        return new ShapeMeasurement(histogram, calls, windowTicks, first!, last!, offeredRate, errors, firstError, unanswered, _frameLength, replyFrameBytes);
    }

    /// <summary>
    /// Records the calls that were due in the window but never sent before the drain deadline, each
    /// at (deadline - due): a lower bound of the latency they would have had. Returns their count.
    /// </summary>
    internal static long RecordUnsent(LongHistogram histogram, double nextDue, double interval, long measureEnd, long now)
    {
        long count = 0;
        for (var due = nextDue; due < measureEnd; due += interval)
        {
            Histograms.Record(histogram, Clock.ToNanoseconds(now - (long)due));
            count++;
        }

        return count;
    }

    private static void RecordUnanswered(LongHistogram histogram, SmfConnection[] connections, long measureStart, long measureEnd, long now)
    {
        foreach (var connection in connections)
        {
            for (var session = 0; session < 65536; session++)
            {
                var sent = connection.SendTicks[session];
                if (connection.InFlight[session] && sent >= measureStart && sent < measureEnd)
                {
                    Histograms.Record(histogram, Clock.ToNanoseconds(now - sent));
                }
            }
        }
    }
}
