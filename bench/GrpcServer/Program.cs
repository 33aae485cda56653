using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Smf.Bench.GrpcServer;
using Smf.Bench.Shared;

// GrpcServer [--port 20778] [--stats-port 0]: Kestrel h2c on 127.0.0.1 serving kvstore.fbs.MemoryNode/Put and kvstore.fbs.Echo/Echo.
var port = 20778;
var statsPort = 0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--stats-port": statsPort = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Usage: GrpcServer [--port N] [--stats-port N]");
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
});
builder.Services.AddGrpc();

var app = builder.Build();
app.MapGrpcService<MemoryNodeService>();
app.MapGrpcService<EchoService>();
using var stats = statsPort > 0 ? StatsEndpoint.Start(statsPort) : null;
await app.StartAsync();
Console.WriteLine($"listening 127.0.0.1:{port} (gRPC h2c){(stats is null ? "" : $", stats on 127.0.0.1:{stats.Port}")}");
await app.WaitForShutdownAsync();
