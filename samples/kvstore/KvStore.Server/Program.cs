// The kvstore server: a sharded key/value store served over the smf protocol, on the .NET Generic Host.
//
//   dotnet run --project samples/kvstore/KvStore.Server -- --ip 127.0.0.1 --port 20776 --shards 2
//
// Settings are in appsettings.json (section Smf:Server; environment variables such as Smf__Server__Port override
// them). --ip, --port, --shards (all cores) and --log-level (Information) are short for Smf:Server:Address,
// Smf:Server:Port, Smf:Server:Shards and Logging:LogLevel:Default. --metrics-port N (Smf:Server:MetricsPort) serves
// the server's metrics for Prometheus: `curl 127.0.0.1:N/metrics` shows the calls per method
// (rpc_server_call_duration_seconds_count{rpc_method="Put",...}). Ctrl+C stops it: the server drains, then every
// shard logs the keys it holds.
//
// Over TLS (README.md shows the openssl commands that make the certificates):
//
//   dotnet run --project samples/kvstore/KvStore.Server -- --tls-cert tls/server.pem --tls-key tls/server.key
//   dotnet run --project samples/kvstore/KvStore.Server -- --tls-cert tls/server.pem --tls-key tls/server.key --tls-client-ca tls/ca.pem
//
// --tls-cert and --tls-key are short for Smf:Server:Tls:Certificate:Path and :KeyPath; --tls-client-ca
// (Smf:Server:Tls:ClientCertificateAuthorityPath) requires every client to present a certificate issued by that CA
// (mutual TLS). A missing or unreadable file stops the server at start with the key and the path.
using KvStore.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--ip"] = "Smf:Server:Address",
    ["--port"] = "Smf:Server:Port",
    ["--shards"] = "Smf:Server:Shards",
    ["--log-level"] = "Logging:LogLevel:Default",
    ["--metrics-port"] = "Smf:Server:MetricsPort",
    ["--tls-cert"] = "Smf:Server:Tls:Certificate:Path",
    ["--tls-key"] = "Smf:Server:Tls:Certificate:KeyPath",
    ["--tls-client-ca"] = "Smf:Server:Tls:ClientCertificateAuthorityPath",
});

// The host owns the shards (the article's seastar::smp). On them: one KvStoreDb per shard (seastar::sharded<kvstore_db>)
// and one KvStoreService per shard, built with constructor injection.
builder.Services.AddSmfServer()
    .AddSharded<KvStoreDb>()
    .AddService<KvStoreService>();

await builder.Build().RunAsync();
