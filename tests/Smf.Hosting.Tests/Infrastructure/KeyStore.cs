using Smf.Sharding;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>
/// Per-shard test state (like the kvstore sample's KvStoreDb): a plain set, touched only on its shard. Disposing it
/// writes its keys to the <see cref="Journal"/>, which is how tests see the "dump" at shutdown.
/// </summary>
public sealed class KeyStore(Journal journal) : IDisposable
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly int _shard = Shard.CurrentId;

    public void Add(string key) => _keys.Add(key);

    public void Dispose()
    {
        journal.Record($"store {_shard} disposed on shard {Shard.CurrentId}");
        journal.Dumped(_keys);
    }
}
