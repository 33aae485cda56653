// The kvstore client: puts --count pairs key.i/val.i, then reads each one back and checks it.
//
//   dotnet run --project samples/kvstore/KvStore.Client -- --ip 127.0.0.1 --port 20776 --count 10
//
// The server's address is Smf:Clients:MemoryNode:Address in appsettings.json; --ip and --port override it.
// Exits with 1 if any call fails or any value read back differs.
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
    ["--tls-ca"] = "Smf:Clients:MemoryNode:Tls:CertificateAuthorityPath",
    ["--tls-cert"] = "Smf:Clients:MemoryNode:Tls:Certificate:Path",
    ["--tls-key"] = "Smf:Clients:MemoryNode:Tls:Certificate:KeyPath",
});
var (ip, port) = (builder.Configuration["ip"], builder.Configuration["port"]);
if (ip is not null || port is not null)
{
    builder.Configuration.AddInMemoryCollection([new("Smf:Clients:MemoryNode:Address", $"{ip ?? "127.0.0.1"}:{port ?? "20776"}")]);
}

// One connection to the server, shared by every MemoryNodeClient (generated from kvstore.fbs) and made by the first call.
builder.Services.AddSmfClient<MemoryNodeClient>();
builder.Services.AddTransient<KvStoreCheck>();

using var host = builder.Build();
await host.StartAsync();
var failures = await host.Services.GetRequiredService<KvStoreCheck>().RunAsync(builder.Configuration.GetValue("KvStore:Count", 10));
await host.StopAsync();
return failures == 0 ? 0 : 1;
