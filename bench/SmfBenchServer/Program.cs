// SmfBenchServer [--port 20776] [--stats-port 0] [--shards 1] [--idle-poll-us 0] [--verify 1] [--alloc-report 1]
//
// The generated MemoryNode service (kvstore.fbs) on Smf.Runtime's RpcServer with its default transport
// (epoll on Linux), for bench/run.sh. The program owns the shards (a ShardGroup); they do not pin
// themselves: the runner pins the whole process with taskset. --idle-poll-us sets
// ShardGroupOptions.IdlePollDuration (0 = never spin, the default). --verify 0 turns
// RpcServerOptions.VerifyRequests off (requests reach the handler unverified; on by default).
// --alloc-report 1 samples allocations by type (GCAllocationTick) and prints the top types when stopped;
// it allocates itself, so measured runs leave it off.
// Prints "listening 127.0.0.1:<port>" once it accepts; SIGTERM or Ctrl+C stops it.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using Smf.Bench.Shared;
using Smf.Bench.SmfBenchServer;
using Smf.Server;
using Smf.Sharding;

var port = 20776;
var statsPort = 0;
var shards = 1;
var idlePollUs = 0;
var verify = true;
var allocReport = false;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--port": port = value; break;
        case "--stats-port": statsPort = value; break;
        case "--shards": shards = value; break;
        case "--idle-poll-us": idlePollUs = value; break;
        case "--verify": verify = value != 0; break;
        case "--alloc-report": allocReport = value != 0; break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Usage: SmfBenchServer [--port N] [--stats-port N] [--shards N] [--idle-poll-us N] [--verify 0|1] [--alloc-report 0|1]");
    }
}

using var sampler = allocReport ? new AllocationSampler() : null;
await using var shardGroup = new ShardGroup(new ShardGroupOptions
{
    Count = shards,
    PinToCpus = false,
    IdlePollDuration = TimeSpan.FromMicroseconds(idlePollUs),
});
await using var server = new RpcServer(shardGroup, new RpcServerOptions
{
    Address = IPAddress.Loopback,
    Port = port,
    VerifyRequests = verify,
});
server.AddService(_ => new MemoryNodeService());
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
Console.WriteLine($"listening {server.LocalEndPoint} ({shards} shard(s), idle poll {idlePollUs} us, verify requests {(verify ? "on" : "off")}, Smf.Runtime {runtimeBuild}{(stats is null ? "" : $", stats on 127.0.0.1:{stats.Port}")})");
await stopped.Task;
await server.StopAsync();
sampler?.Report(Console.Out, 15);
