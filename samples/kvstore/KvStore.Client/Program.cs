// The kvstore client: puts --count pairs key.i/val.i, then reads each one back and checks it.
//
//   dotnet run --project samples/kvstore/KvStore.Client -- --ip 127.0.0.1 --port 20776 --count 10
//
// Exits with 1 if any call fails or any value read back differs.
using System.Net;
using kvstore.fbs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Smf.Client;

var config = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddConfiguration(config.GetSection("Logging"))
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "HH:mm:ss.fff ";
    }));
var logger = loggerFactory.CreateLogger("KvStore.Client");

var endPoint = new IPEndPoint(IPAddress.Parse(config["ip"] ?? "127.0.0.1"), int.Parse(config["port"] ?? "20776"));
var count = int.Parse(config["count"] ?? "10");

// One connection, as in the seed; MemoryNodeClient is generated from kvstore.fbs at build time.
await using var connection = new RpcClient(new RpcClientOptions { EndPoint = endPoint, LoggerFactory = loggerFactory });
try
{
    await connection.ConnectAsync();
    return await RunAsync(new MemoryNodeClient(connection));
}
catch (RpcConnectionException e)
{
    logger.LogError("{Message}", e.Message);
    return 1;
}

async Task<int> RunAsync(MemoryNodeClient client)
{
    var failures = 0;
    for (var i = 0; i < count; i++)
    {
        using var reply = await client.PutAsync(new PutRequestT { Key = $"key.{i}", Value = $"val.{i}" });
        logger.LogInformation("put key=key.{I} status={Status}", i, reply.Status);
        failures += reply.Status == 200 ? 0 : 1;
    }

    for (var i = 0; i < count; i++)
    {
        using var reply = await client.GetAsync(new GetRequestT { Key = $"key.{i}" });
        var value = reply.Status == 200 ? reply.Get().Value : null;
        var ok = value == $"val.{i}";
        logger.LogInformation("get key=key.{I} status={Status} value={Value} {Verdict}", i, reply.Status, value, ok ? "ok" : "MISMATCH");
        failures += ok ? 0 : 1;
    }

    logger.LogInformation("{Puts} puts and {Gets} gets, {Failures} failures", count, count, failures);
    return failures == 0 ? 0 : 1;
}
