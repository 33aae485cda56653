namespace Smf.Sharding.Internal;

/// <summary>
/// The work on a shard that the cross-shard calls of <see cref="Sharded{T}"/> are made for (a server connection
/// running its requests, named by <see cref="ShardLoop.Caller"/> while it runs): told on its own loop when such a call
/// is posted and when its outcome is back there, so that it can wait for those outcomes before it writes.
/// </summary>
internal interface ICrossShardCaller
{
    /// <summary>A call made for this caller was posted to another shard.</summary>
    void OnCrossShardCallPosted();

    /// <summary>The outcome of one such call is back on this caller's loop and its continuation has run.</summary>
    void OnCrossShardCallReturned();
}
