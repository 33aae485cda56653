using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>
/// Put keys for the cross-shard shapes: 16-byte keys <c>kvstore-key-NNNN</c> picked so that key i is owned by shard
/// i % owners under the kvstore sample's rule (XXH64, seed 0, of the key's UTF-8 bytes, modulo the shard count). A
/// connection that sends them in turn has, on whichever shard it lands, one call in <c>owners</c> local and the others
/// owned elsewhere.
/// </summary>
internal static class KeysByOwner
{
    private const int KeysPerOwner = 4;

    public static IReadOnlyList<string> Create(int owners)
    {
        var byOwner = Enumerable.Range(0, owners).Select(_ => new Queue<string>()).ToArray();
        for (var n = 0; byOwner.Any(q => q.Count < KeysPerOwner); n++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"kvstore-key-{n:D4}");
            var owner = (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)) % (ulong)owners);
            if (byOwner[owner].Count < KeysPerOwner)
            {
                byOwner[owner].Enqueue(key);
            }
        }

        var keys = new List<string>(owners * KeysPerOwner);
        for (var round = 0; round < KeysPerOwner; round++)
        {
            keys.AddRange(byOwner.Select(q => q.Dequeue()));
        }

        return keys;
    }
}
