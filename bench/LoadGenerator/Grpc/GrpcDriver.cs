using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using Kvstore.Grpc;
using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Measurement;
using Smf.Bench.LoadGenerator.Smf;

namespace Smf.Bench.LoadGenerator.Grpc;

/// <summary>
/// Drives the gRPC for .NET server with Grpc.Net.Client: one <see cref="GrpcChannel"/> (one HTTP/2
/// connection) per shape connection. Closed loop: <see cref="Shape.Depth"/> concurrent callers per
/// channel. Open loop: a dispatcher thread starts each call when it is due, and latency counts from
/// that time (calls beyond <see cref="OpenLoopMaxOutstanding"/> wait, and their wait is counted). With
/// <see cref="RunOptions.EchoBytes"/> the closed-loop callers call Echo with a value of that size instead of Put.
/// With <see cref="RunOptions.TlsAuthority"/> the channels use https (h2 over TLS). The connection shape is in the other
/// part of this class.
/// </summary>
internal sealed partial class GrpcDriver
{
    private const int OpenLoopMaxOutstanding = 4096;
    private static readonly TimeSpan OpenLoopDrainLimit = TimeSpan.FromSeconds(1);

    private readonly RunOptions _options;
    private readonly PutRequest _request = new() { Key = SmfWire.Key, Value = SmfWire.Value };
    private readonly EchoRequest? _echoRequest;
    private readonly X509Certificate2Collection? _authorities;

    public GrpcDriver(RunOptions options)
    {
        _options = options;
        if (options.TlsAuthority is { } path)
        {
            _authorities = [];
            _authorities.ImportFromPemFile(path);
        }

        _echoRequest = options.EchoBytes > 0 ? new EchoRequest { Value = Google.Protobuf.ByteString.CopyFrom(PayloadText.Create(options.EchoBytes)) } : null;
    }

    public ShapeMeasurement Run(Shape shape, TimeSpan warmup)
    {
        if (_echoRequest is not null && shape.IsOpenLoop)
        {
            throw new ArgumentException($"Echo runs the closed-loop shapes only, not '{shape.Name}'.");
        }

        if (shape.NewConnectionPerCall)
        {
            return RunConnectionChurn(shape, warmup);
        }

        var channels = new GrpcChannel[shape.Connections];
        try
        {
            var clients = new MemoryNode.MemoryNodeClient[shape.Connections];
            for (var i = 0; i < channels.Length; i++)
            {
                channels[i] = CreateChannel();
                clients[i] = new MemoryNode.MemoryNodeClient(channels[i]);
                ConnectWithRetry(clients[i]);
            }

            var echoClients = _echoRequest is null ? null : channels.Select(channel => new Echo.EchoClient(channel)).ToArray();
            return shape.IsOpenLoop ? RunOpenLoop(shape, warmup, clients) : RunClosedLoop(shape, warmup, clients, echoClients);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel?.Dispose();
            }
        }
    }

    /// <summary>One channel, one HTTP/2 connection: h2c, or h2 over TLS trusting the run's certificate authority.</summary>
    private GrpcChannel CreateChannel()
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
        };
        if (_authorities is not null)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(_authorities);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return GrpcChannel.ForAddress($"{(_authorities is null ? "http" : "https")}://{_options.Host}:{_options.Port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    private void ConnectWithRetry(MemoryNode.MemoryNodeClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                client.Put(_request);
                return;
            }
            catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    private ShapeMeasurement RunClosedLoop(Shape shape, TimeSpan warmup, MemoryNode.MemoryNodeClient[] clients, Echo.EchoClient[]? echoClients)
    {
        var window = new Window();
        var workers = new List<Task<Worker>>();
        for (var i = 0; i < clients.Length; i++)
        {
            var client = clients[i];
            var echoClient = echoClients?[i];
            for (var d = 0; d < shape.Depth; d++)
            {
                workers.Add(echoClient is null ? Task.Run(() => RunWorker(client, window)) : Task.Run(() => RunEchoWorker(echoClient, window)));
            }
        }

        return Measure(workers, window, warmup);
    }

    /// <summary>Waits out the warm-up, measures one window of the running workers, stops them and adds up what they recorded.</summary>
    private ShapeMeasurement Measure(List<Task<Worker>> workers, Window window, TimeSpan warmup)
    {
        Thread.Sleep(warmup);
        var first = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
        window.Start = Clock.Now;
        Thread.Sleep(_options.Duration);
        window.End = Clock.Now;
        var last = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
        window.Stop = true;
        Task.WaitAll(workers);

        var histogram = Histograms.Create();
        long calls = 0;
        long errors = 0;
        string? firstError = null;
        foreach (var worker in workers.Select(t => t.Result))
        {
            histogram.Add(worker.Latency);
            calls += worker.Calls;
            errors += worker.Errors;
            firstError ??= worker.FirstError;
        }

        return new ShapeMeasurement(histogram, calls, window.End - window.Start, first, last, 0, errors, firstError, 0, 0, 0);
    }

    private async Task<Worker> RunWorker(MemoryNode.MemoryNodeClient client, Window window)
    {
        var worker = new Worker();
        while (!window.Stop)
        {
            var sent = Clock.Now;
            try
            {
                await client.PutAsync(_request).ConfigureAwait(false);
            }
            catch (global::Grpc.Core.RpcException ex)
            {
                worker.Errors++;
                worker.FirstError ??= $"gRPC call failed: {ex.Status}.";
                continue;
            }

            var received = Clock.Now;
            if (sent >= window.Start && received <= window.End)
            {
                Histograms.Record(worker.Latency, Clock.ToNanoseconds(received - sent));
                worker.Calls++;
            }
        }

        return worker;
    }

    private async Task<Worker> RunEchoWorker(Echo.EchoClient client, Window window)
    {
        var worker = new Worker();
        var expected = _echoRequest!.Value.Length;
        while (!window.Stop)
        {
            var sent = Clock.Now;
            try
            {
                var reply = await client.EchoAsync(_echoRequest).ConfigureAwait(false);
                if (reply.Value.Length != expected)
                {
                    worker.Errors++;
                    worker.FirstError ??= $"Echo answered {reply.Value.Length} bytes, not {expected}.";
                    continue;
                }
            }
            catch (global::Grpc.Core.RpcException ex)
            {
                worker.Errors++;
                worker.FirstError ??= $"gRPC call failed: {ex.Status}.";
                continue;
            }

            var received = Clock.Now;
            if (sent >= window.Start && received <= window.End)
            {
                Histograms.Record(worker.Latency, Clock.ToNanoseconds(received - sent));
                worker.Calls++;
            }
        }

        return worker;
    }

    private ShapeMeasurement RunOpenLoop(Shape shape, TimeSpan warmup, MemoryNode.MemoryNodeClient[] clients)
    {
        var offeredRate = _options.ReferenceRate * shape.OpenLoopFraction;
        var interval = System.Diagnostics.Stopwatch.Frequency / offeredRate;
        var state = new OpenLoopState();
        var start = Clock.Now;
        var warmEnd = start + Clock.FromTimeSpan(warmup);
        Snapshot? first = null;
        Snapshot? last = null;
        long windowTicks = 0;
        var drainDeadline = long.MaxValue;
        double nextDue = start;
        long sequence = 0;

        while (true)
        {
            var now = Clock.Now;
            if (first is null && now >= warmEnd)
            {
                first = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
                state.Start = Clock.Now;
                state.End = state.Start + Clock.FromTimeSpan(_options.Duration);
                now = state.Start;
            }
            else if (last is null && now >= state.End)
            {
                last = Snapshot.Take(_options.Host, _options.ServerPid, _options.StatsPort);
                windowTicks = now - state.Start;
                drainDeadline = Clock.Now + Clock.FromTimeSpan(OpenLoopDrainLimit);
            }

            if (last is not null && ((Volatile.Read(ref state.WindowOutstanding) == 0 && nextDue >= state.End) || now >= drainDeadline))
            {
                break;
            }

            var dispatched = false;
            while (nextDue <= now && (last is null || nextDue < state.End) && Volatile.Read(ref state.Outstanding) < OpenLoopMaxOutstanding)
            {
                Interlocked.Increment(ref state.Outstanding);
                if ((long)nextDue >= state.Start && (long)nextDue < state.End)
                {
                    Interlocked.Increment(ref state.WindowOutstanding);
                }

                _ = Track(clients[sequence % clients.Length], (long)nextDue, state);
                sequence++;
                nextDue += interval;
                dispatched = true;
            }

            if (!dispatched)
            {
                // The client is pinned to one core with the gRPC machinery: yield rather than spin.
                Thread.Yield();
            }
        }

        lock (state)
        {
            state.Closed = true;
            var end = Clock.Now;
            var unsent = SmfDriver.RecordUnsent(state.Latency, nextDue, interval, state.End, end);
            var unanswered = Volatile.Read(ref state.WindowOutstanding);
            foreach (var due in state.InWindowInFlight)
            {
                Histograms.Record(state.Latency, Clock.ToNanoseconds(end - due));
            }

            return new ShapeMeasurement(state.Latency, state.Calls, windowTicks, first!, last!, offeredRate, state.Errors, state.FirstError, unsent + unanswered, 0, 0);
        }
    }

    private async Task Track(MemoryNode.MemoryNodeClient client, long due, OpenLoopState state)
    {
        var inWindow = due >= state.Start && due < state.End;
        if (inWindow)
        {
            lock (state)
            {
                state.InWindowInFlight.Add(due);
            }
        }

        string? problem = null;
        try
        {
            using var call = client.PutAsync(_request);
            await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (global::Grpc.Core.RpcException ex)
        {
            problem = $"gRPC call failed: {ex.Status}.";
        }

        var received = Clock.Now;
        lock (state)
        {
            if (!state.Closed)
            {
                if (problem is not null)
                {
                    state.Errors++;
                    state.FirstError ??= problem;
                }
                else if (inWindow)
                {
                    Histograms.Record(state.Latency, Clock.ToNanoseconds(received - due));
                }

                if (inWindow)
                {
                    state.InWindowInFlight.Remove(due);
                    Interlocked.Decrement(ref state.WindowOutstanding);
                }

                if (received >= state.Start && received <= state.End)
                {
                    state.Calls++;
                }
            }
        }

        Interlocked.Decrement(ref state.Outstanding);
    }

    private sealed class Window
    {
        private long _start = long.MaxValue;
        private long _end = long.MaxValue;
        private volatile bool _stop;

        public long Start { get => Volatile.Read(ref _start); set => Volatile.Write(ref _start, value); }

        public long End { get => Volatile.Read(ref _end); set => Volatile.Write(ref _end, value); }

        public bool Stop { get => _stop; set => _stop = value; }
    }

    private sealed class Worker
    {
        public LongHistogram Latency { get; } = Histograms.Create();

        public long Calls { get; set; }

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }

    private sealed class OpenLoopState
    {
        public long Outstanding;

        public long WindowOutstanding;

        /// <summary>The due times of in-window calls still in flight (due times are distinct: one schedule).</summary>
        public HashSet<long> InWindowInFlight { get; } = [];

        public LongHistogram Latency { get; } = Histograms.Create();

        public long Start { get; set; } = long.MaxValue;

        public long End { get; set; } = long.MaxValue;

        public long Calls { get; set; }

        public long Errors { get; set; }

        public string? FirstError { get; set; }

        public bool Closed { get; set; }
    }
}
