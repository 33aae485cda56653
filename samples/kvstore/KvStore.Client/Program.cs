// The kvstore client: puts --count pairs key.i/val.i, then reads each one back and checks it.
//
//   dotnet run --project samples/kvstore/KvStore.Client -- --ip 127.0.0.1 --port 20776 --count 10
//
// The server's address is Smf:Clients:MemoryNode:Address in appsettings.json; --ip and --port override it.
// Exits with 1 if any call fails or any value read back differs.
//
// Over a cluster of nodes, --endpoints lists them (the configuration list Smf:Clients:MemoryNode:Endpoints, which
// replaces the one address): the generated client then calls through one RpcChannel, which sends every key to the
// node that owns it by rendezvous hashing of the key (kvstore.fbs marks the key as the routing key). Each put line
// names the key's node:
//
//   dotnet run --project samples/kvstore/KvStore.Client -- --endpoints 127.0.0.1:20776,127.0.0.1:20777,127.0.0.1:20778 --count 100
//
// An smf:// address is resolved by service discovery, and the client calls every node it names the same way:
// smf://kvstore from configuration (Services:kvstore:smf:0, :1, ...), smf://host.name:port through DNS, one node per
// address the name answers, such as a Kubernetes headless service (deploy/kvstore-client-job.yaml):
//
//   Smf__Clients__MemoryNode__Address=smf://kvstore.default.svc.cluster.local:20776 dotnet KvStore.Client.dll
//
// --rounds N repeats the puts and gets N times, --interval apart (KvStore:RoundInterval, 0.5 s), with one line per
// round ("round 3: 100 ok, 0 failed") and one per key that failed, naming its node and why; Ctrl+C ends it after the
// current round. It exits with 0 when the last round had no failure: run it while a node is stopped and started again.
//
// Over TLS, --tls-ca names the CA the server's certificate must chain to (Smf:Clients:MemoryNode:Tls:CertificateAuthorityPath);
// for mutual TLS, --tls-cert and --tls-key give the client's certificate (Smf:Clients:MemoryNode:Tls:Certificate:Path
// and :KeyPath):
//
//   dotnet run --project samples/kvstore/KvStore.Client -- --tls-ca tls/ca.pem --tls-cert tls/client.pem --tls-key tls/client.key
using KvStore.Client;
using kvstore.fbs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--count"] = "KvStore:Count",
    ["--rounds"] = "KvStore:Rounds",
    ["--interval"] = "KvStore:RoundInterval",
    ["--tls-ca"] = "Smf:Clients:MemoryNode:Tls:CertificateAuthorityPath",
    ["--tls-cert"] = "Smf:Clients:MemoryNode:Tls:Certificate:Path",
    ["--tls-key"] = "Smf:Clients:MemoryNode:Tls:Certificate:KeyPath",
});
var (ip, port) = (builder.Configuration["ip"], builder.Configuration["port"]);
if (ip is not null || port is not null)
{
    builder.Configuration.AddInMemoryCollection([new("Smf:Clients:MemoryNode:Address", $"{ip ?? "127.0.0.1"}:{port ?? "20776"}")]);
}

if (builder.Configuration["endpoints"] is { } endpoints)
{
    builder.Configuration.AddInMemoryCollection(endpoints.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select((endpoint, i) => new KeyValuePair<string, string?>($"Smf:Clients:MemoryNode:Endpoints:{i}", endpoint)));
}

// smf:// addresses: Services:<name>:smf from configuration, and host names through DNS.
builder.Services.AddServiceDiscovery();
builder.Services.AddSmfDnsServiceEndpointProvider();

// One connection per server, shared by every MemoryNodeClient (generated from kvstore.fbs) and made by the first call.
// A list of endpoints replaces the one address of appsettings.json: the client then calls through an RpcChannel.
builder.Services.AddSmfClient<MemoryNodeClient>(o =>
{
    if (o.Endpoints.Count > 0)
    {
        o.Address = null;
    }
});
builder.Services.AddTransient<KvStoreCheck>();

using var host = builder.Build();
await host.StartAsync();
var check = host.Services.GetRequiredService<KvStoreCheck>();
var settings = builder.Configuration.GetSection("KvStore");
var count = settings.GetValue("Count", 10);
var failures = settings.GetValue<int?>("Rounds") is { } rounds
    ? await check.RunRoundsAsync(count, rounds, settings.GetValue("RoundInterval", TimeSpan.FromMilliseconds(500)),
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping)
    : await check.RunOnceAsync(count);
await host.StopAsync();
return failures == 0 ? 0 : 1;
