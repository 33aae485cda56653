namespace Smf.Sharding.Internal;

/// <summary>The result type of cross-shard calls that return nothing.</summary>
internal readonly struct NoResult;
