// The kvstore client: puts --count pairs key.i/val.i, then reads each one back and checks it.
//
//   dotnet run --project samples/kvstore/KvStore.Client -- --ip 127.0.0.1 --port 20776 --count 10
//
// Exits with 1 if any call fails or any value read back differs.
using System.Net;
using kvstore.fbs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Smf;
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

// One connection, as in the article; it is made by the first call. MemoryNodeClient is generated from kvstore.fbs.
await using var connection = new RpcClient(new RpcClientOptions { EndPoint = endPoint, LoggerFactory = loggerFactory });
var client = new MemoryNodeClient(connection);
try
{
    return await RunAsync(client);
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
        try
        {
            await client.PutAsync(new PutRequestT { Key = $"key.{i}", Value = $"val.{i}" });
            logger.LogInformation("put key=key.{I} status={Status}", i, (uint)RpcStatus.Ok);
        }
        catch (RpcException e)
        {
            logger.LogInformation("put key=key.{I} status={Status}", i, (uint)e.Status);
            failures++;
        }
    }

    for (var i = 0; i < count; i++)
    {
        // A missing key is an answer, not an error: read the status instead of catching RpcException.
        using var reply = await client.GetWithStatusAsync(new GetRequestT { Key = $"key.{i}" });
        var value = reply.IsSuccess ? reply.Message.Value : null;
        var ok = value == $"val.{i}";
        logger.LogInformation("get key=key.{I} status={Status} value={Value} {Verdict}", i, (uint)reply.Status, value, ok ? "ok" : "MISMATCH");
        failures += ok ? 0 : 1;
    }

    logger.LogInformation("{Puts} puts and {Gets} gets, {Failures} failures", count, count, failures);
    return failures == 0 ? 0 : 1;
}
