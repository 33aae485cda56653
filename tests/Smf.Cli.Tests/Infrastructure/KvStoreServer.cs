using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Google.FlatBuffers;
using Smf.Protocol;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>
/// The kvstore sample's MemoryNode (samples/kvstore/kvstore.fbs) served on 127.0.0.1 and a free port by raw handlers:
/// Put stores, Get answers the value or 404. A Put whose key is <c>status:NNN</c> answers status NNN, one whose key is
/// <c>sleep</c> answers after 5 s. With <see cref="BrokenReplies"/>, Get answers 200 with bytes that are no table.
/// </summary>
internal sealed class KvStoreServer : IAsyncDisposable
{
    private readonly ShardGroup _shards;
    private readonly RpcServer _server;
    private readonly ConcurrentDictionary<string, string> _store = new(StringComparer.Ordinal);
    private long _requests;

    private KvStoreServer(ShardGroup shards, RpcServer server)
    {
        _shards = shards;
        _server = server;
    }

    public bool BrokenReplies { get; private init; }

    public long Requests => Interlocked.Read(ref _requests);

    public string Address => ((IPEndPoint)_server.LocalEndPoint!).ToString();

    public static async Task<KvStoreServer> StartAsync(bool brokenReplies = false, bool decompress = true)
    {
        var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        var options = new RpcServerOptions { Address = IPAddress.Loopback, Port = 0, DrainTimeout = TimeSpan.FromSeconds(1) };
        if (!decompress)
        {
            options.IncomingFilters.Clear();
        }

        var server = new RpcServer(shards, options);
        var result = new KvStoreServer(shards, server) { BrokenReplies = brokenReplies };
        server.AddService(_ => new MemoryNode(result));
        await server.StartAsync();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _shards.DisposeAsync();
    }

    private static string? ReadString(ReadOnlySpan<byte> payload, int slot)
    {
        var buffer = new ByteBuffer(payload.ToArray());
        var table = new Table(buffer.GetInt(0), buffer);
        var offset = table.__offset(4 + (2 * slot));
        return offset == 0 ? null : table.__string(table.bb_pos + offset);
    }

    private sealed class MemoryNode(KvStoreServer owner) : RpcService
    {
        private static readonly uint PutId = RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse");
        private static readonly uint GetId = RequestId.ForMethod("Get", "kvstore::fbs::GetRequest", "kvstore::fbs::GetResponse");

        private RpcMethod[]? _methods;

        public override string Name => "MemoryNode";

        public override IReadOnlyList<RpcMethod> Methods => _methods ??= [new RpcMethod("Put", PutId, PutAsync), new RpcMethod("Get", GetId, GetAsync)];

        private async ValueTask<RpcReply> PutAsync(RpcCallContext context)
        {
            Interlocked.Increment(ref owner._requests);
            var key = ReadString(context.Payload.Span, 0);
            var value = ReadString(context.Payload.Span, 1);
            if (key is null || value is null)
            {
                return RpcReply.WithStatus(RpcStatus.BadRequest);
            }

            if (key.StartsWith("status:", StringComparison.Ordinal))
            {
                return RpcReply.WithStatus((RpcStatus)uint.Parse(key["status:".Length..], CultureInfo.InvariantCulture));
            }

            if (key == "sleep")
            {
                await Task.Delay(TimeSpan.FromSeconds(5), context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            owner._store[key] = value;
            var builder = context.GetReplyBuilder();
            builder.StartTable(0);
            builder.Finish(builder.EndTable());
            return context.Reply(RpcStatus.Ok, builder);
        }

        private ValueTask<RpcReply> GetAsync(RpcCallContext context)
        {
            Interlocked.Increment(ref owner._requests);
            if (owner.BrokenReplies)
            {
                return new(context.Reply(RpcStatus.Ok, [0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8]));
            }

            var key = ReadString(context.Payload.Span, 0) ?? string.Empty;
            var found = owner._store.TryGetValue(key, out var value);
            var builder = context.GetReplyBuilder();
            var text = found ? builder.CreateString(value).Value : 0;
            builder.StartTable(2);
            if (found)
            {
                builder.AddOffset(1, text, 0);
                builder.AddBool(0, true, false);
            }

            builder.Finish(builder.EndTable());
            return new(context.Reply(found ? RpcStatus.Ok : RpcStatus.NotFound, builder));
        }
    }
}
