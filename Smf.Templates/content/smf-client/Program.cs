// The client: calls Greeter.SayHello once and prints the reply. The server's address is
// Smf:Clients:Greeter:Address in appsettings.json (or --Smf:Clients:Greeter:Address=host:port).
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmfClient;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// GreeterClient is generated from SmfClient.fbs; its connection is made by the first call and closed with the host.
builder.Services.AddSmfClient<GreeterClient>();

using var host = builder.Build();
await host.StartAsync();
var greeter = host.Services.GetRequiredService<GreeterClient>();
var reply = await greeter.SayHelloAsync(new HelloRequestT { Name = builder.Configuration["name"] ?? "world" });
Console.WriteLine(reply.Message);
await host.StopAsync();
