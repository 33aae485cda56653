using System.Buffers.Binary;
using System.IO.Hashing;

namespace Smf.Balancing.Internal;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a key goes to the endpoint with the highest score XXH64(key hash,
/// seed = XXH64(endpoint name)). Every client computes the same owner with no coordination, and adding or removing one
/// of N endpoints moves only the keys that endpoint wins or held, about 1/N of them.
/// </summary>
internal static class RendezvousHash
{
    /// <summary>The score of an endpoint with seed <paramref name="seed"/> for a key whose hash is <paramref name="keyHash"/>.</summary>
    public static ulong Score(ulong keyHash, ulong seed)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, keyHash);
        return XxHash64.HashToUInt64(bytes, unchecked((long)seed));
    }

    /// <summary>The index of the highest-scoring endpoint among <paramref name="seeds"/>; -1 when there is none.</summary>
    public static int Owner(ulong keyHash, ReadOnlySpan<ulong> seeds)
    {
        var best = -1;
        ulong bestScore = 0;
        for (var i = 0; i < seeds.Length; i++)
        {
            var score = Score(keyHash, seeds[i]);
            if (best < 0 || score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>
    /// The highest-scoring member not in <paramref name="tried"/>; when <paramref name="availableOnly"/>, also skipping
    /// members that take no calls. Null when none is left.
    /// </summary>
    public static Subchannel? Owner(ulong keyHash, Subchannel[] members, ReadOnlySpan<Subchannel?> tried, bool availableOnly)
    {
        Subchannel? best = null;
        ulong bestScore = 0;
        foreach (var member in members)
        {
            if (member.IsIn(tried) || (availableOnly && !member.IsAvailable))
            {
                continue;
            }

            var score = Score(keyHash, member.Seed);
            if (best is null || score > bestScore)
            {
                best = member;
                bestScore = score;
            }
        }

        return best;
    }
}
