using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Smf.Client;
using Smf.Diagnostics;
using Smf.Protocol;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// The cost of telemetry on a loopback round trip (one raw 80-byte call at a time, client and server in process):
/// no listener, a <see cref="MeterListener"/> on the <c>rpc.*</c> histograms of both meters, and that plus an
/// <see cref="ActivityListener"/> recording every span (with the trace context sent in payload headers).
/// docs/observability.md quotes the figures.
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private static readonly uint EchoRequestId = RequestId.Combine(RequestId.ForService("Bench"), RequestId.ForMethod("Echo", "bench::Request", "bench::Reply"));

    private readonly byte[] _request = new byte[80];
    private ShardGroup _shards = null!;
    private RpcServer _server = null!;
    private RpcClient _client = null!;
    private MeterListener? _meters;
    private ActivityListener? _spans;

    /// <summary>What listens: None, Metrics, or MetricsAndSpans.</summary>
    [Params("None", "Metrics", "MetricsAndSpans")]
    public string Listener { get; set; } = "None";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        if (Listener != "None")
        {
            _meters = new MeterListener
            {
                InstrumentPublished = static (instrument, l) =>
                {
                    if (instrument.Meter.Name is SmfTelemetry.ServerMeterName or SmfTelemetry.ClientMeterName)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            _meters.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _meters.Start();
        }

        if (Listener == "MetricsAndSpans")
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = static s => s.Name is SmfTelemetry.ServerActivitySourceName or SmfTelemetry.ClientActivitySourceName,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_spans);
        }

        new Random(80).NextBytes(_request);
        _shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        _server = new RpcServer(_shards, new RpcServerOptions { Address = IPAddress.Loopback, Port = 0 });
        _server.AddService(_ => new EchoService());
        await _server.StartAsync();
        _client = new RpcClient(new RpcClientOptions { EndPoint = _server.LocalEndPoint, SendPayloadHeaders = Listener == "MetricsAndSpans" });
        await _client.ConnectAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        await _shards.DisposeAsync();
        _meters?.Dispose();
        _spans?.Dispose();
    }

    /// <summary>One raw call at a time.</summary>
    [Benchmark]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RawCall()
    {
        using var reply = await _client.CallAsync(EchoRequestId, _request);
    }

    private sealed class EchoService : RpcService
    {
        private static readonly byte[] Reply24 = new byte[24];
        private readonly RpcMethod[] _methods = [new RpcMethod("Echo", RequestId.ForMethod("Echo", "bench::Request", "bench::Reply"), static c => new(c.Reply(RpcStatus.Ok, Reply24)))];

        public override string Name => "Bench";

        public override IReadOnlyList<RpcMethod> Methods => _methods;
    }
}
