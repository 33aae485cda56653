using System.Buffers;
using System.Net;
using HdrHistogram;
using kvstore.fbs;
using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Measurement;
using Smf.Bench.LoadGenerator.Smf;
using Smf.Client;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Sharding;

namespace Smf.Bench.LoadGenerator.OurClient;

/// <summary>
/// Drives an smf server through our own client: one <see cref="RpcClient"/> (one connection) per shape
/// connection, each with <see cref="Shape.Depth"/> concurrent callers in a closed loop, the way an application
/// calls it: callers are async methods on the thread pool, and every client does its I/O on the process's
/// one-shard client event loop (the default when <see cref="RpcClientOptions.Shards"/> is not set). The path
/// (<see cref="OurClientPath"/>) picks the raw call, the generated zero-copy <c>PutWithStatusAsync</c> or the
/// generated throwing <c>PutAsync</c>. Every reply's status is checked (the client checks header and checksum).
/// With <see cref="RunOptions.EchoBytes"/> the raw call is Echo.Echo with a value of that size, and
/// <see cref="RunOptions.ClientFilter"/> compresses the requests with zstd or lz4; with <see cref="RunOptions.TlsAuthority"/>
/// every connection is TLS. The connection shape and the calls over several servers are in the other parts of this class.
/// </summary>
internal sealed partial class OurClientDriver
{
    /// <summary>A bound on the calls one caller makes in one shape, whatever the clock says.</summary>
    private const long MaxCallsPerCaller = 100_000_000;

    /// <summary>How long callers may outlive the measurement window before the shape fails.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly RunOptions _options;
    private readonly OurClientPath _path;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly uint _requestId;
    private readonly IOutgoingFrameFilter? _filter;
    private readonly double? _compressionRatio;
    private readonly PutRequestT _request = new() { Key = SmfWire.Key, Value = SmfWire.Value };

    public OurClientDriver(RunOptions options, OurClientPath path)
    {
        _options = options;
        _path = path;
        var echo = options.EchoBytes > 0;
        _payload = (echo ? SmfWire.BuildEchoRequestFrame(options.EchoBytes) : SmfWire.BuildPutRequestFrame()).AsMemory(SmfWire.HeaderLength);
        _requestId = echo ? SmfWire.EchoRequestId : MemoryNodeIds.PutRequestId;
        _filter = options.ClientFilter switch
        {
            "zstd" => new ZstdFrameFilter(),
            "lz4" => new Lz4FrameFilter(),
            _ => null,
        };
        if (_filter is not null)
        {
            // The ratio of this request's bytes: what the filter makes of them, applied once here as the client will.
            var header = default(RpcHeader);
            var compressed = new ArrayBufferWriter<byte>();
            _compressionRatio = _filter.TryApply(ref header, _payload.Span, compressed) ? (double)_payload.Length / compressed.WrittenCount : 1.0;
        }
    }

    public ShapeMeasurement Run(Shape shape, TimeSpan warmup)
    {
        if (shape.IsOpenLoop)
        {
            throw new ArgumentException($"Our client runs the closed-loop shapes only (L1, T1, T8, T64), not '{shape.Name}'.");
        }

        if (shape.NewConnectionPerCall)
        {
            return RunConnectionChurn(shape, warmup);
        }

        if (_options.EndPoints.Count > 0)
        {
            return RunOverEndPoints(shape, warmup);
        }

        var endpoint = new IPEndPoint(IPAddress.Parse(_options.Host), _options.Port);
        var clients = new RpcClient[shape.Connections];
        // --client-on-shard: the callers run on the clients' own shard, as code inside a handler would.
        var shards = _options.ClientOnShard ? new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false }) : null;
        try
        {
            for (var i = 0; i < clients.Length; i++)
            {
                var clientOptions = new RpcClientOptions { EndPoint = endpoint, MaxCallsInFlight = shape.Depth, Shards = shards, Tls = Tls() };
                if (_filter is not null)
                {
                    clientOptions.OutgoingFilters.Add(_filter);
                }

                clients[i] = new RpcClient(clientOptions);
                ConnectWithRetry(clients[i]);
            }

            return RunClosedLoop(shape, warmup, clients, shards);
        }
        finally
        {
            foreach (var client in clients)
            {
                client?.DisposeAsync().AsTask().Wait(StopGrace);
            }

            shards?.DisposeAsync().AsTask().Wait(StopGrace);
        }
    }

    private static void ConnectWithRetry(RpcClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                client.ConnectAsync().GetAwaiter().GetResult();
                return;
            }
            catch (RpcConnectionException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private ShapeMeasurement RunClosedLoop(Shape shape, TimeSpan warmup, RpcClient[] clients, ShardGroup? shards)
    {
        var window = new Window { HardStop = Clock.Now + Clock.FromTimeSpan(warmup + _options.Duration + StopGrace) };
        var callers = new List<Task<Caller>>();
        foreach (var client in clients)
        {
            var typed = new MemoryNodeClient(client);
            for (var d = 0; d < shape.Depth; d++)
            {
                Func<Task<Caller>> run = _path switch
                {
                    OurClientPath.Raw => () => RunRawCaller(client, window),
                    OurClientPath.WithStatus => () => RunWithStatusCaller(typed, window),
                    _ => () => RunTypedCaller(typed, window),
                };
                callers.Add(shards is null ? Task.Run(run) : shards.SubmitToAsync(0, run));
            }
        }

        return Measure(callers, window, warmup);
    }

    /// <summary>Waits out the warm-up, measures one window of the running callers, stops them and adds up what they recorded.</summary>
    private ShapeMeasurement Measure(List<Task<Caller>> callers, Window window, TimeSpan warmup)
    {
        Thread.Sleep(warmup);
        var first = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
        window.Start = Clock.Now;
        Thread.Sleep(_options.Duration);
        window.End = Clock.Now;
        var last = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
        window.Stop = true;
        if (!Task.WaitAll([.. callers], StopGrace))
        {
            throw new IOException($"Callers of our client were still running {StopGrace.TotalSeconds} s after the window; the server at {_options.Host}:{_options.Port} stopped answering.");
        }

        var histogram = Histograms.Create();
        long calls = 0;
        long errors = 0;
        string? firstError = null;
        foreach (var caller in callers.Select(t => t.Result))
        {
            histogram.Add(caller.Latency);
            calls += caller.Calls;
            errors += caller.Errors;
            firstError ??= caller.FirstError;
        }

        return new ShapeMeasurement(histogram, calls, window.End - window.Start, first, last, 0, errors, firstError, 0, SmfWire.HeaderLength + _payload.Length, 0)
        {
            CompressionRatio = _compressionRatio,
        };
    }

    private async Task<Caller> RunRawCaller(RpcClient client, Window window)
    {
        var caller = new Caller();
        for (long n = 0; n < MaxCallsPerCaller && !window.Stop; n++)
        {
            var sent = Clock.Now;
            if (caller.PastHardStop(sent, window))
            {
                break;
            }

            try
            {
                using var response = await client.CallAsync(_requestId, _payload).ConfigureAwait(false);
                if (!response.IsSuccess || response.Payload.IsEmpty)
                {
                    caller.Fail($"Raw call answered status {(uint)response.Status} with {response.Payload.Length} payload bytes.");
                    continue;
                }
            }
            catch (Exception e) when (e is RpcConnectionException or TimeoutException)
            {
                caller.Fail($"Raw call failed: {e.Message}");
                continue;
            }

            caller.Record(sent, Clock.Now, window);
        }

        return caller;
    }

    private async Task<Caller> RunWithStatusCaller(MemoryNodeClient client, Window window)
    {
        var caller = new Caller();
        for (long n = 0; n < MaxCallsPerCaller && !window.Stop; n++)
        {
            var sent = Clock.Now;
            if (caller.PastHardStop(sent, window))
            {
                break;
            }

            try
            {
                using var response = await client.PutWithStatusAsync(_request).ConfigureAwait(false);
                if (!response.IsSuccess)
                {
                    caller.Fail($"PutWithStatusAsync answered status {(uint)response.Status}.");
                    continue;
                }
            }
            catch (Exception e) when (e is RpcConnectionException or TimeoutException)
            {
                caller.Fail($"PutWithStatusAsync failed: {e.Message}");
                continue;
            }

            caller.Record(sent, Clock.Now, window);
        }

        return caller;
    }

    private async Task<Caller> RunTypedCaller(MemoryNodeClient client, Window window)
    {
        var caller = new Caller();
        for (long n = 0; n < MaxCallsPerCaller && !window.Stop; n++)
        {
            var sent = Clock.Now;
            if (caller.PastHardStop(sent, window))
            {
                break;
            }

            try
            {
                _ = await client.PutAsync(_request).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or RpcConnectionException or TimeoutException)
            {
                caller.Fail($"PutAsync failed: {e.Message}");
                continue;
            }

            caller.Record(sent, Clock.Now, window);
        }

        return caller;
    }

    private sealed class Window
    {
        private long _start = long.MaxValue;
        private long _end = long.MaxValue;
        private volatile bool _stop;

        public long Start { get => Volatile.Read(ref _start); set => Volatile.Write(ref _start, value); }

        public long End { get => Volatile.Read(ref _end); set => Volatile.Write(ref _end, value); }

        public bool Stop { get => _stop; set => _stop = value; }

        /// <summary>The time after which callers give up even if <see cref="Stop"/> never came.</summary>
        public long HardStop { get; init; }
    }

    private sealed class Caller
    {
        public LongHistogram Latency { get; } = Histograms.Create();

        public long Calls { get; private set; }

        public long Errors { get; private set; }

        public string? FirstError { get; private set; }

        public void Fail(string problem)
        {
            Errors++;
            FirstError ??= problem;
        }

        public bool PastHardStop(long now, Window window)
        {
            if (now < window.HardStop)
            {
                return false;
            }

            Fail("The caller passed its hard stop before the window ended.");
            return true;
        }

        public void Record(long sent, long received, Window window)
        {
            if (sent >= window.Start && received <= window.End)
            {
                Histograms.Record(Latency, Clock.ToNanoseconds(received - sent));
                Calls++;
            }
        }
    }
}
