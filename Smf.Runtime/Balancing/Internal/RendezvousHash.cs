using System.Runtime.CompilerServices;

namespace Smf.Balancing.Internal;

/// <summary>
/// Rendezvous (highest-random-weight) hashing: a key goes to the endpoint with the highest score. Every client computes
/// the same owner with no coordination, and adding or removing one of N endpoints moves only the keys that endpoint
/// wins or held, about 1/N of them.
/// </summary>
/// <remarks>
/// <para>The score of endpoint <c>e</c> for a key is <c>Avalanche(keyHash ^ seed(e))</c>, where <c>keyHash</c> is
/// <see cref="RpcRoutingKey.Hash"/> (XXH64, seed 0, of the key's UTF-8 bytes or of an integer's 8 little-endian
/// bytes), <c>seed(e)</c> is XXH64 (seed 0) of the endpoint's <c>host:port</c> UTF-8 bytes
/// (<see cref="Subchannel.Seed"/>), and <c>Avalanche</c> is XXH64's final mix on 64-bit unsigned integers:</para>
/// <code>
/// h ^= h >> 33; h *= 0xC2B2AE3D27D4EB4F; h ^= h >> 29; h *= 0x165667B19E3779F9; h ^= h >> 32;
/// </code>
/// <para>The highest score wins; on equal scores, the endpoint listed first. The key is hashed once per call and each
/// endpoint costs two multiplications, so a keyed pick over a few endpoints takes nanoseconds.</para>
/// </remarks>
internal static class RendezvousHash
{
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;

    /// <summary>The score of an endpoint with seed <paramref name="seed"/> for a key whose hash is <paramref name="keyHash"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Score(ulong keyHash, ulong seed)
    {
        var h = keyHash ^ seed;
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        h *= Prime3;
        return h ^ (h >> 32);
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
            if ((!tried.IsEmpty && member.IsIn(tried)) || (availableOnly && !member.IsAvailable))
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
