using System.IO.Hashing;

namespace Smf.Protocol;

/// <summary>
/// The checksum smf puts in every header: the low 32 bits of XXH64 with seed 0 over the payload as sent.
/// </summary>
public static class PayloadChecksum
{
    /// <summary>Computes the header checksum of <paramref name="payload"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> payload) => unchecked((uint)XxHash64.HashToUInt64(payload));
}
