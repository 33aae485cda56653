using kvstore.fbs;
using Microsoft.Extensions.Logging;
using Smf;
using Smf.Server;
using Smf.Sharding;

namespace KvStore.Server;

/// <summary>
/// The MemoryNode service (the kvstore_service of the smf getting-started article). MemoryNode is generated from
/// kvstore.fbs at build time; the host creates one instance per shard, its constructor arguments (the sharded store, a
/// logger) from dependency injection, and each handles the requests of its shard's connections. Requests arrive
/// verified: a malformed one is answered 400 before it gets here.
/// </summary>
internal sealed class KvStoreService(Sharded<KvStoreDb> store, ILogger<KvStoreService> logger) : MemoryNode
{
    // PutResponse has no fields: one shared instance answers every Put (responses are only read).
    private static readonly PutResponseT Stored = new();

    public override async ValueTask<PutResponseT> PutAsync(PutRequest request, RpcCallContext context)
    {
        if (request.Key is not { } key || request.Value is not { } value)
        {
            throw new RpcException(RpcStatus.BadRequest, "A put needs a key and a value.");
        }

        KvStoreLog.Received(logger, context.ShardId, key, value);

        // Store the pair on the shard that owns the key; the reply goes out once it is stored there. The pair travels
        // as the call's state and the lambda is static, so nothing is allocated for the call itself.
        var owner = KeyOwnership.OwnerOf(request.GetKeyBytes(), store.Count);
        await store.InvokeOnAsync(owner, (key, value), static (db, pair) => db.Put(pair.key, pair.value));
        return Stored;
    }

    public override async ValueTask<GetResponseT> GetAsync(GetRequest request, RpcCallContext context)
    {
        if (request.Key is not { } key)
        {
            throw new RpcException(RpcStatus.BadRequest, "A get needs a key.");
        }

        var owner = KeyOwnership.OwnerOf(request.GetKeyBytes(), store.Count);
        var value = await store.InvokeOnAsync(owner, key, static (db, k) => db.Get(k));
        if (value is null)
        {
            context.Status = RpcStatus.NotFound;
        }

        return new GetResponseT { Found = value is not null, Value = value };
    }
}
