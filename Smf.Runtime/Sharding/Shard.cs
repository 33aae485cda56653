using Smf.Sharding.Internal;

namespace Smf.Sharding;

/// <summary>Tells user code which shard it runs on, the counterpart of Seastar's <c>this_shard_id()</c>.</summary>
public static class Shard
{
    /// <summary>The id of the shard whose thread is running, or -1 when the caller is not on a shard thread.</summary>
    public static int CurrentId => ShardLoop.Current?.Id ?? -1;

    /// <summary>Whether the caller runs on a shard thread (a handler, or work sent there by <see cref="Sharded{T}"/>).</summary>
    public static bool IsOnShard => ShardLoop.Current is not null;
}
