// The kvstore server: a sharded key/value store served over the smf protocol.
//
//   dotnet run --project samples/kvstore/KvStore.Server -- --ip 127.0.0.1 --port 20776 --shards 2
//
// Options (command line or environment): --ip (127.0.0.1), --port (20776), --shards (all cores),
// --log-level (Information; Logging__LogLevel__Default works too). Ctrl+C stops it: every shard then
// logs the keys it holds.
using System.Net;
using KvStore.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smf.Server;
using Smf.Sharding;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss.fff ";
});
if (builder.Configuration["log-level"] is { } level)
{
    builder.Logging.SetMinimumLevel(Enum.Parse<LogLevel>(level, ignoreCase: true));
}

using var host = builder.Build();
var config = host.Services.GetRequiredService<IConfiguration>();
var loggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
var logger = loggerFactory.CreateLogger("KvStore.Server");

// The shards (the article's seastar::smp): one thread per shard, each with its own event loop. The program owns
// them and disposes them last, after everything that runs on them.
await using var shards = new ShardGroup(new ShardGroupOptions
{
    Count = int.Parse(config["shards"] ?? Environment.ProcessorCount.ToString()),
    LoggerFactory = loggerFactory,
});

// One KvStoreDb per shard (the article's seastar::sharded<kvstore_db>).
var store = await Sharded<KvStoreDb>.StartAsync(shards, _ => new KvStoreDb(logger));

// One RpcServer on those shards, and one service instance per shard that can reach every shard's store.
await using var server = new RpcServer(shards, new RpcServerOptions
{
    Address = IPAddress.Parse(config["ip"] ?? "127.0.0.1"),
    Port = int.Parse(config["port"] ?? "20776"),
    LoggerFactory = loggerFactory,
});
server.AddService(_ => new KvStoreService(store, logger));

await server.StartAsync();
logger.LogInformation("kvstore listening on {EndPoint} with {Shards} shards", server.LocalEndPoint, shards.Count);

// Ctrl+C (SIGINT) or SIGTERM ends the host; then stop serving and dump every shard, as the article does.
await host.RunAsync();
await server.StopAsync();
await store.InvokeOnAllAsync(db => db.Dump());
await store.DisposeAsync();
