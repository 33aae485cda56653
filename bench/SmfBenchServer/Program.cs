// SmfBenchServer [--port 20776] [--stats-port 0] [--shards 1] [--idle-poll-us 0] [--alloc-report 1]
//
// The generated MemoryNode service (kvstore.fbs) on Smf.Runtime's RpcServer with its default transport
// (epoll on Linux), for bench/run.sh. Shards do not pin themselves: the runner pins the whole process
// with taskset. --idle-poll-us sets RpcServerOptions.IdlePollDuration (0 = never spin, the default).
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

var port = 20776;
var statsPort = 0;
var shards = 1;
var idlePollUs = 0;
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
        case "--alloc-report": allocReport = value != 0; break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Usage: SmfBenchServer [--port N] [--stats-port N] [--shards N] [--idle-poll-us N] [--alloc-report 0|1]");
    }
}

using var sampler = allocReport ? new AllocationSampler() : null;
await using var server = new RpcServer(new RpcServerOptions
{
    Address = IPAddress.Loopback,
    Port = port,
    ShardCount = shards,
    PinShards = false,
    IdlePollDuration = TimeSpan.FromMicroseconds(idlePollUs),
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
Console.WriteLine($"listening {server.LocalEndPoint} ({shards} shard(s), idle poll {idlePollUs} us, Smf.Runtime {runtimeBuild}{(stats is null ? "" : $", stats on 127.0.0.1:{stats.Port}")})");
await stopped.Task;
await server.StopAsync();
sampler?.Report(Console.Out, 15);
