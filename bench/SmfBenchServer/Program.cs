// SmfBenchServer [--port 20776] [--stats-port 0] [--shards 1] [--idle-poll-us 0] [--verify 1] [--alloc-report 1]
//                [--store 0] [--forward 0] [--reply-filter none|zstd|lz4] [--max-connections 10000]
//                [--tls-cert server.pem --tls-key server.key] [--echo-reply builder|request]
//
// The generated MemoryNode and Echo services (kvstore.fbs) on Smf.Runtime's RpcServer with its default transport
// (epoll on Linux), for bench/run.sh. The program owns the shards (a ShardGroup); they do not pin
// themselves: the runner pins the whole process with taskset. --idle-poll-us sets
// ShardGroupOptions.IdlePollDuration (0 = never spin, the default). --verify 0 turns
// RpcServerOptions.VerifyRequests off (requests reach the handler unverified; on by default).
// --alloc-report 1 samples allocations by type (GCAllocationTick) and prints the top types when stopped;
// it allocates itself, so measured runs leave it off.
// --store 1 makes Put store the pair in a per-shard store (the kvstore sample's work; 0 = the benchmark's Put, which
// stores nothing); --forward 1 stores it on the shard that owns the key (InvokeOnAsync), 0 on the connection's shard.
// --reply-filter compresses replies of at least 512 bytes (RpcServerOptions.OutgoingFilters; requests are always
// decompressed by the default incoming filters). --max-connections sets RpcServerOptions.MaxConnections.
// --echo-reply: Echo builds its reply with the generated builder (default) or answers the request's own bytes.
// --tls-cert and --tls-key serve TLS (RpcServerOptions.Tls with the PEM certificate and key; the stream transport).
// Prints "listening 127.0.0.1:<port>" once it accepts; SIGTERM or Ctrl+C stops it.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using Smf.Bench.Shared;
using Smf.Bench.SmfBenchServer;
using Smf.Protocol.Filters;
using Smf.Security;
using Smf.Server;
using Smf.Sharding;

var port = 20776;
var statsPort = 0;
var shards = 1;
var idlePollUs = 0;
var verify = true;
var allocReport = false;
var store = false;
var forward = false;
var replyFilter = "none";
int? maxConnections = null;
var echoReply = "builder";
string? tlsCertificate = null;
string? tlsKey = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var text = args[i + 1];
    int Value() => int.Parse(text, CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--port": port = Value(); break;
        case "--stats-port": statsPort = Value(); break;
        case "--shards": shards = Value(); break;
        case "--idle-poll-us": idlePollUs = Value(); break;
        case "--verify": verify = Value() != 0; break;
        case "--alloc-report": allocReport = Value() != 0; break;
        case "--store": store = Value() != 0; break;
        case "--forward": forward = Value() != 0; break;
        case "--reply-filter": replyFilter = text; break;
        case "--max-connections": maxConnections = Value(); break;
        case "--echo-reply": echoReply = text; break;
        case "--tls-cert": tlsCertificate = text; break;
        case "--tls-key": tlsKey = text; break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Usage: SmfBenchServer [--port N] [--stats-port N] [--shards N] [--idle-poll-us N] [--verify 0|1] [--alloc-report 0|1] [--store 0|1] [--forward 0|1] [--reply-filter none|zstd|lz4] [--max-connections N] [--tls-cert PEM --tls-key PEM] [--echo-reply builder|request]");
    }
}

if (forward && !store)
{
    throw new ArgumentException("--forward 1 needs --store 1: only a stored pair has an owning shard to go to.");
}

IOutgoingFrameFilter? outgoingFilter = replyFilter switch
{
    "none" => null,
    "zstd" => new ZstdFrameFilter(),
    "lz4" => new Lz4FrameFilter(),
    _ => throw new ArgumentException($"--reply-filter must be 'none', 'zstd' or 'lz4', not '{replyFilter}'."),
};

using var sampler = allocReport ? new AllocationSampler() : null;
await using var shardGroup = new ShardGroup(new ShardGroupOptions
{
    Count = shards,
    PinToCpus = false,
    IdlePollDuration = TimeSpan.FromMicroseconds(idlePollUs),
});
var serverOptions = new RpcServerOptions
{
    Address = IPAddress.Loopback,
    Port = port,
    VerifyRequests = verify,
};
if (tlsCertificate is not null)
{
    serverOptions.Tls = new RpcServerTlsOptions { CertificatePath = tlsCertificate, KeyPath = tlsKey };
}

if (maxConnections is { } max)
{
    serverOptions.MaxConnections = max;
}

if (outgoingFilter is not null)
{
    serverOptions.OutgoingFilters.Add(outgoingFilter);
}

await using var server = new RpcServer(shardGroup, serverOptions);
await using var keyValueStore = store ? await Sharded<KeyValueShard>.StartAsync(shardGroup, _ => new KeyValueShard()) : null;
server.AddService(_ => keyValueStore is null ? new MemoryNodeService() : new StoringMemoryNodeService(keyValueStore, forward));
var echoBuildsReply = echoReply switch
{
    "builder" => true,
    "request" => false,
    _ => throw new ArgumentException($"--echo-reply must be 'builder' or 'request', not '{echoReply}'."),
};
server.AddService(_ => new EchoService(echoBuildsReply));
await server.StartAsync();
using var stats = statsPort > 0 ? StatsEndpoint.Start(statsPort) : null;

var stopped = new TaskCompletionSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopped.TrySetResult();
});
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopped.TrySetResult();
};

// A Debug build of Smf.Runtime runs without JIT optimizations: say which one this is (run.sh refuses Debug).
var runtimeBuild = typeof(RpcServer).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true ? "Debug" : "Release";
Console.WriteLine($"listening {server.LocalEndPoint} ({shards} shard(s), idle poll {idlePollUs} us, verify requests {(verify ? "on" : "off")}, store {(store ? forward ? "on owner shard" : "on connection's shard" : "off")}, reply filter {replyFilter}, {(tlsCertificate is null ? "plaintext" : "TLS")}, Smf.Runtime {runtimeBuild}{(stats is null ? "" : $", stats on 127.0.0.1:{stats.Port}")})");
await stopped.Task;
await server.StopAsync();
sampler?.Report(Console.Out, 15);
