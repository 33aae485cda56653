using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Smf.Sharding;

namespace KvStore.Server;

/// <summary>
/// One shard's slice of the store (the article's kvstore_db). Each instance lives in a Sharded&lt;KvStoreDb&gt;
/// and is only ever touched on its own shard's thread, so a plain Dictionary needs no lock.
/// </summary>
internal sealed class KvStoreDb(ILogger<KvStoreDb> logger) : IDisposable
{
    private readonly Dictionary<string, string> _store = new(StringComparer.Ordinal);

    /// <summary>Stores the pair; true when the key was not stored before.</summary>
    public bool Put(string key, string value)
    {
        KvStoreLog.HandlingPut(logger, Shard.CurrentId, key, value);
        ref var stored = ref CollectionsMarshal.GetValueRefOrAddDefault(_store, key, out var existed);
        stored = value;
        return !existed;
    }

    public string? Get(string key) => _store.GetValueOrDefault(key);

    /// <summary>
    /// The article's dump at exit: the host disposes each shard's instance on that shard once the server has stopped
    /// and drained, so this lists every pair that was acknowledged.
    /// </summary>
    public void Dispose()
    {
        foreach (var (key, value) in _store.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            logger.LogInformation("dump shard={Shard} key={Key} value={Value}", Shard.CurrentId, key, value);
        }

        logger.LogInformation("dump shard={Shard} holds {Count} keys", Shard.CurrentId, _store.Count);
    }
}
