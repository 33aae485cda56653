using System.Diagnostics;
using System.Net;
using Smf.Client;
using Smf.Protocol;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// A plain loop beside BenchmarkDotNet: percentiles of sequential round trips and the rate of 64 pipelined
/// calls, client and a server on a one-shard group in this process on 127.0.0.1 (80-byte request, 24-byte reply).
/// Run it twice, with and without DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1, to compare.
/// </summary>
internal static class LatencyProbe
{
    private const int Calls = 20_000;
    private const int Pipelined = 64;
    private const long MaxTimedCalls = 50_000_000; // a bound on the timed loops besides their clock
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(2);
    private static readonly uint EchoMethodId = RequestId.ForMethod("Echo", "bench::Request", "bench::Reply");

    public static async Task RunAsync()
    {
        var reply = new byte[24];
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var server = new RpcServer(shards, new RpcServerOptions { Address = IPAddress.Loopback, Port = 0 });
        server.AddService(_ => new EchoService(reply));
        await server.StartAsync();
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.LocalEndPoint, MaxCallsInFlight = Pipelined });
        await client.ConnectAsync();
        var requestId = RequestId.Combine(RequestId.ForService(EchoService.ServiceName), EchoMethodId);
        var request = new byte[80];

        var clock = Stopwatch.StartNew();
        for (long warm = 0; warm < MaxTimedCalls && clock.Elapsed < Warmup; warm++)
        {
            (await client.CallAsync(requestId, request)).Dispose();
        }

        var latencies = new double[Calls];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await client.CallAsync(requestId, request)).Dispose();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Array.Sort(latencies);

        var batch = new ValueTask<RpcResponse>[Pipelined];
        long pipelinedCalls = 0;
        clock.Restart();
        while (pipelinedCalls < MaxTimedCalls && clock.Elapsed < ThroughputWindow)
        {
            for (var i = 0; i < Pipelined; i++)
            {
                batch[i] = client.CallAsync(requestId, request);
            }

            for (var i = 0; i < Pipelined; i++)
            {
                (await batch[i]).Dispose();
            }

            pipelinedCalls += Pipelined;
        }

        var inline = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") ?? "unset";
        Console.WriteLine($"inline completions: {inline}");
        Console.WriteLine($"sequential ({Calls} calls): p50 {latencies[Calls / 2]:F1} us, p90 {latencies[Calls * 9 / 10]:F1} us, p99 {latencies[Calls * 99 / 100]:F1} us, {allocated / (double)Calls:F1} B allocated per call");
        Console.WriteLine($"pipelined ({Pipelined} in flight, one connection): {pipelinedCalls / clock.Elapsed.TotalSeconds / 1000:F0} k calls/s");
    }

    private sealed class EchoService(byte[] reply) : RpcService
    {
        public const string ServiceName = "Bench";

        private readonly RpcMethod[] _methods = [new RpcMethod("Echo", EchoMethodId, context => new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, reply)))];

        public override string Name => ServiceName;

        public override IReadOnlyList<RpcMethod> Methods => _methods;
    }
}
