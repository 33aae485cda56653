using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Smf.Client;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// In-process round trips over 127.0.0.1: <see cref="RpcClient"/> calling an <see cref="RpcServer"/> on a one-shard
/// <see cref="ShardGroup"/> (the client on the process's own client shard), 80-byte requests and 24-byte replies as in
/// docs/runtime-design.md. Each benchmark runs once with the
/// default socket completions and once with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1. The benchmark methods
/// use pooled async builders so that the allocation column shows the client and server, not the harness.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class LoopbackBenchmarks
{
    private const int Pipelined = 64;
    private static readonly uint EchoRequestId = RequestId.Combine(RequestId.ForService("Bench"), RequestId.ForMethod("Echo", "bench::Request", "bench::Reply"));

    private readonly byte[] _request = new byte[80];
    private readonly ValueTask<RpcResponse>[] _batch = new ValueTask<RpcResponse>[Pipelined];
    private readonly PutRequestT _put = new() { Key = "key.0", Value = "key.0.val" };
    private ShardGroup _shards = null!;
    private RpcServer _server = null!;
    private RpcClient _client = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        new Random(80).NextBytes(_request);
        _shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        _server = new RpcServer(_shards, new RpcServerOptions { Address = IPAddress.Loopback, Port = 0 });
        _server.AddService(_ => new BenchService());
        await _server.StartAsync();
        _client = new RpcClient(new RpcClientOptions { EndPoint = _server.LocalEndPoint, MaxCallsInFlight = Pipelined });
        await _client.ConnectAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        await _shards.DisposeAsync();
    }

    /// <summary>One raw call at a time: the latency of a round trip.</summary>
    [Benchmark]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RawCall()
    {
        using var reply = await _client.CallAsync(EchoRequestId, _request);
    }

    /// <summary>One typed MemoryNode.Put at a time, the way generated clients' WithStatus methods call (serialize, send, zero-copy reply).</summary>
    [Benchmark]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask TypedPut()
    {
        using var reply = await _client.CallAsync<PutRequestT, PutResponse>(EchoRequestId ^ 1, _put);
    }

    /// <summary>64 raw calls in flight on the one connection; the figure is per call.</summary>
    [Benchmark(OperationsPerInvoke = Pipelined)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RawCallPipelined64()
    {
        for (var i = 0; i < Pipelined; i++)
        {
            _batch[i] = _client.CallAsync(EchoRequestId, _request);
        }

        for (var i = 0; i < Pipelined; i++)
        {
            (await _batch[i]).Dispose();
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.ShortRun.WithId("default"));
            AddJob(Job.ShortRun.WithEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1").WithId("inline-completions"));
        }
    }

    /// <summary>Answers Echo with a 24-byte reply (a raw method) and Put (request id of Echo ^ 1) with the shared empty PutResponse (a typed method, request verified).</summary>
    private sealed class BenchService : RpcService
    {
        private static readonly byte[] Reply24 = new byte[24];
        private static readonly PutResponseT Stored = new();
        private readonly RpcMethod[] _methods;

        public BenchService()
        {
            var echoMethodId = RequestId.ForMethod("Echo", "bench::Request", "bench::Reply");
            _methods =
            [
                new RpcMethod("Echo", echoMethodId, static context => new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, Reply24))),
                RpcMethod.Unary<PutRequest, PutResponseT>("Put", echoMethodId ^ 1, static (_, _) => new ValueTask<PutResponseT>(Stored)),
            ];
        }

        public override string Name => "Bench";

        public override IReadOnlyList<RpcMethod> Methods => _methods;
    }
}
