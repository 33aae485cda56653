using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Smf.Bench.GrpcServer;
using Smf.Bench.Shared;

// GrpcServer [--port 20778] [--stats-port 0] [--tls-cert server.pem --tls-key server.key]: Kestrel h2c on 127.0.0.1
// serving kvstore.fbs.MemoryNode/Put and kvstore.fbs.Echo/Echo; h2 over TLS with the PEM certificate and key when given.
var port = 20778;
var statsPort = 0;
string? tlsCertificate = null;
string? tlsKey = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--stats-port": statsPort = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--tls-cert": tlsCertificate = args[i + 1]; break;
        case "--tls-key": tlsKey = args[i + 1]; break;
        default: throw new ArgumentException($"Unknown option '{args[i]}'. Usage: GrpcServer [--port N] [--stats-port N] [--tls-cert PEM --tls-key PEM]");
    }
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(System.Net.IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        if (tlsCertificate is not null)
        {
            listen.UseHttps(X509Certificate2.CreateFromPemFile(tlsCertificate, tlsKey));
        }
    });
});
builder.Services.AddGrpc();

var app = builder.Build();
app.MapGrpcService<MemoryNodeService>();
app.MapGrpcService<EchoService>();
using var stats = statsPort > 0 ? StatsEndpoint.Start(statsPort) : null;
await app.StartAsync();
Console.WriteLine($"listening 127.0.0.1:{port} (gRPC {(tlsCertificate is null ? "h2c" : "h2 over TLS")}){(stats is null ? "" : $", stats on 127.0.0.1:{stats.Port}")}");
await app.WaitForShutdownAsync();
