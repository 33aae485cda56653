using System.IO.Hashing;

namespace KvStore.Server;

/// <summary>
/// Decides which shard owns a key: XXH64 (seed 0) of the key's UTF-8 bytes, modulo the shard count.
/// The hash is stable across processes and machines, so a key always lands on the same shard for a given
/// shard count (the C++ sample uses std::hash, which is not).
/// </summary>
internal static class KeyOwnership
{
    public static int OwnerOf(ReadOnlySpan<byte> utf8Key, int shardCount) =>
        (int)(XxHash64.HashToUInt64(utf8Key) % (ulong)shardCount);
}
