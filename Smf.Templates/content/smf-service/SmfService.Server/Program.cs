// The server: settings in appsettings.json (section Smf:Server), overridable by environment variables
// (Smf__Server__Port=20800) and the command line (--Smf:Server:Port=20800). Ctrl+C drains and stops it.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmfService.Server;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// One GreeterService per shard, created with constructor injection.
builder.Services.AddSmfServer().AddService<GreeterService>();

await builder.Build().RunAsync();
