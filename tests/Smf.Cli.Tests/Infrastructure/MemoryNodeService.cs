using System.Collections.Concurrent;
using System.Globalization;
using Google.FlatBuffers;
using Smf.Protocol;
using Smf.Server;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>
/// The kvstore sample's MemoryNode (samples/kvstore/kvstore.fbs) as raw handlers: Put stores, Get answers the value
/// or 404. A Put whose key is <c>status:NNN</c> answers status NNN, one whose key is <c>sleep</c> answers after 5 s.
/// With <see cref="State.BrokenReplies"/>, Get answers 200 with bytes that are no table.
/// </summary>
internal sealed class MemoryNodeService(MemoryNodeService.State state) : RpcService
{
    private static readonly uint PutId = RequestId.ForMethod("Put", "kvstore::fbs::PutRequest", "kvstore::fbs::PutResponse");
    private static readonly uint GetId = RequestId.ForMethod("Get", "kvstore::fbs::GetRequest", "kvstore::fbs::GetResponse");

    private RpcMethod[]? _methods;

    public override string Name => "MemoryNode";

    public override IReadOnlyList<RpcMethod> Methods => _methods ??= [new RpcMethod("Put", PutId, PutAsync), new RpcMethod("Get", GetId, GetAsync)];

    private async ValueTask<RpcReply> PutAsync(RpcCallContext context)
    {
        state.CountRequest();
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

        state.Store[key] = value;
        var builder = context.GetReplyBuilder();
        builder.StartTable(0);
        builder.Finish(builder.EndTable());
        return context.Reply(RpcStatus.Ok, builder);
    }

    private ValueTask<RpcReply> GetAsync(RpcCallContext context)
    {
        state.CountRequest();
        if (state.BrokenReplies)
        {
            return new(context.Reply(RpcStatus.Ok, [0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8]));
        }

        var key = ReadString(context.Payload.Span, 0) ?? string.Empty;
        var found = state.Store.TryGetValue(key, out var value);
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

    private static string? ReadString(ReadOnlySpan<byte> payload, int slot)
    {
        var buffer = new ByteBuffer(payload.ToArray());
        var table = new Table(buffer.GetInt(0), buffer);
        var offset = table.__offset(4 + (2 * slot));
        return offset == 0 ? null : table.__string(table.bb_pos + offset);
    }

    /// <summary>What every shard's instance shares: the store and the count of requests.</summary>
    public sealed class State
    {
        private long _requests;

        public ConcurrentDictionary<string, string> Store { get; } = new(StringComparer.Ordinal);

        public bool BrokenReplies { get; init; }

        public long Requests => Interlocked.Read(ref _requests);

        public void CountRequest() => Interlocked.Increment(ref _requests);
    }
}
