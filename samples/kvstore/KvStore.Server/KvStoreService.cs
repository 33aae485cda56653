using kvstore.fbs;
using Microsoft.Extensions.Logging;
using Smf.Messages;
using Smf.Server;
using Smf.Sharding;

namespace KvStore.Server;

/// <summary>
/// The MemoryNode service (the seed's kvstore_service). MemoryNode is generated from kvstore.fbs at build time;
/// the server creates one instance per shard, and each handles the requests of its shard's connections.
/// </summary>
internal sealed class KvStoreService(Sharded<KvStoreDb> store, ILogger logger) : MemoryNode
{
    public override async ValueTask<RpcTypedEnvelope<PutResponseT>> PutAsync(
        RpcRecvTypedContext<PutRequest> request, CancellationToken cancellationToken)
    {
        // Verification is on demand: check the bytes before reading a request from the network.
        if (!request.Verify())
        {
            return new RpcTypedEnvelope<PutResponseT>(null) { Status = 400 };
        }

        var put = request.Get();
        if (put.Key is not { } key || put.Value is not { } value)
        {
            return new RpcTypedEnvelope<PutResponseT>(null) { Status = 400 };
        }

        logger.LogInformation("recv shard={Shard} key={Key} value={Value}", Shard.CurrentId, key, value);

        // Store the pair on the shard that owns the key; the reply goes out once it is stored there.
        var owner = KeyOwnership.OwnerOf(put.GetKeyBytes(), store.Count);
        await store.InvokeOnAsync(owner, db => db.Put(key, value));

        return new RpcTypedEnvelope<PutResponseT>(new PutResponseT()); // status 200
    }

    public override async ValueTask<RpcTypedEnvelope<GetResponseT>> GetAsync(
        RpcRecvTypedContext<GetRequest> request, CancellationToken cancellationToken)
    {
        if (!request.Verify())
        {
            return new RpcTypedEnvelope<GetResponseT>(null) { Status = 400 };
        }

        var get = request.Get();
        if (get.Key is not { } key)
        {
            return new RpcTypedEnvelope<GetResponseT>(null) { Status = 400 };
        }

        var owner = KeyOwnership.OwnerOf(get.GetKeyBytes(), store.Count);
        var value = await store.InvokeOnAsync(owner, db => db.Get(key));

        return new RpcTypedEnvelope<GetResponseT>(new GetResponseT { Found = value is not null, Value = value })
        {
            Status = value is null ? 404u : 200u,
        };
    }
}
