// A one-shard smf server on 127.0.0.1 and a free port, for tests that run the server in a process of its own.
// It prints "listening PORT", logs at Warning to stdout, and stops when its standard input closes.
// Method 1 answers with the request's size (4 bytes, little-endian), whatever the request holds.
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Smf;
using Smf.Server;
using Smf.Sharding;

using var logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false, LoggerFactory = logging });
await using var server = new RpcServer(shards, new RpcServerOptions { Port = 0, LoggerFactory = logging });
server.AddService(_ => new SizeService());
await server.StartAsync();
Console.WriteLine($"listening {server.LocalEndPoint.Port}");
await Console.In.ReadToEndAsync();
await server.StopAsync();

internal sealed class SizeService : RpcService
{
    public override string Name => "Size";

    public override IReadOnlyList<RpcMethod> Methods { get; } = [new RpcMethod("Size", 1, Answer)];

    private static ValueTask<RpcReply> Answer(RpcCallContext context)
    {
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, context.Payload.Length);
        return new ValueTask<RpcReply>(context.Reply(RpcStatus.Ok, size));
    }
}
