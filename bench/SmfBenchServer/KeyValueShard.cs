namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// One shard's slice of the key/value store of the cross-shard shapes (the kvstore sample's KvStoreDb without its
/// logging): it lives in a <c>Sharded&lt;KeyValueShard&gt;</c> and is only touched on its own shard's thread.
/// </summary>
internal sealed class KeyValueShard
{
    private readonly Dictionary<string, string> _store = new(StringComparer.Ordinal);

    /// <summary>Stores the pair; true when the key was new.</summary>
    public bool Put(string key, string value)
    {
        var added = !_store.ContainsKey(key);
        _store[key] = value;
        return added;
    }
}
