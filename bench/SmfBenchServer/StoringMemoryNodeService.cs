using System.IO.Hashing;
using kvstore.fbs;
using Smf;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// The kvstore-like MemoryNode of the cross-shard shapes (<c>--store 1</c>): Put stores the pair as the kvstore
/// sample does. With <c>forward</c> the pair goes to the shard that owns the key (XXH64 of the key's UTF-8 bytes
/// modulo the shard count, the sample's rule) through <see cref="Sharded{T}.InvokeOnAsync{TState, TResult}(int, TState, Func{T, TState, TResult})"/>,
/// and the reply goes out once it is stored there; without it every pair is stored on the connection's own shard,
/// the all-local baseline of the same work.
/// </summary>
internal sealed class StoringMemoryNodeService(Sharded<KeyValueShard> store, bool forward) : MemoryNode
{
    private static readonly PutResponseT Stored = new();

    public override async ValueTask<PutResponseT> PutAsync(PutRequest request, RpcCallContext context)
    {
        if (request.Key is not { } key || request.Value is not { } value)
        {
            throw new RpcException(RpcStatus.BadRequest, "A put needs a key and a value.");
        }

        var owner = forward ? (int)(XxHash64.HashToUInt64(request.GetKeyBytes()) % (ulong)store.Count) : context.ShardId;
        await store.InvokeOnAsync(owner, (key, value), static (shard, pair) => shard.Put(pair.key, pair.value));
        return Stored;
    }
}
