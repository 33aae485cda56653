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
/// slow server cannot hide its queueing (no coordinated omission).
/// </summary>
internal sealed unsafe class SmfDriver : IDisposable
{
    private const int MaxEvents = 256;
    private const int OpenLoopInFlightPerConnection = 8192;
    private static readonly TimeSpan OpenLoopDrainLimit = TimeSpan.FromSeconds(1);

    private readonly RunOptions _options;
    private readonly byte* _frame;
    private readonly int _frameLength;
    private readonly byte* _events;

    public SmfDriver(RunOptions options)
    {
        _options = options;
        var frame = SmfWire.BuildPutRequestFrame();
        _frameLength = frame.Length;
        _frame = (byte*)NativeMemory.Alloc((nuint)_frameLength);
        frame.CopyTo(new Span<byte>(_frame, _frameLength));
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

        try
        {
            for (var i = 0; i < connections.Length; i++)
            {
                connections[i] = SmfConnection.Connect(endpoint, TimeSpan.FromSeconds(15));
                Libc.Control(epfd, Libc.EpollCtlAdd, connections[i].Fd, Libc.EpollIn, (ulong)i);
            }

            return Loop(shape, warmup, connections, epfd);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection?.Dispose();
            }

            Libc.Close(epfd);
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_frame);
        NativeMemory.Free(_events);
    }

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
                    connections[i].TryEnqueue(_frame, _frameLength, Clock.Now);
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
                        || !connection.TryEnqueue(_frame, _frameLength, (long)nextDue))
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
                    if (frameLength > SmfConnection.InCapacity)
                    {
                        throw new IOException($"The server sent a frame of {size} payload bytes; the benchmark reply is tiny.");
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
                        Buffer.MemoryCopy(buffer + position, buffer, SmfConnection.InCapacity, connection.InLength);
                    }
                }

                if (!openLoop && replies > 0)
                {
                    var sendTime = Clock.Now;
                    for (var r = 0; r < replies; r++)
                    {
                        connection.TryEnqueue(_frame, _frameLength, sendTime);
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
