using System.Globalization;
using System.Text;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>
/// The value of the payload-size shapes: JSON log lines of a key/value server, one per put, with a rising timestamp,
/// a shard, a key and a size that change from line to line (text of the compressibility a log or a JSON API reply
/// has: zstd level 3 makes 16 KiB of it 13 times smaller, lz4 5.8 times), cut to the exact size asked for.
/// </summary>
internal static class PayloadText
{
    public static byte[] Create(int bytes)
    {
        var text = new StringBuilder(bytes + 200);
        var start = new DateTime(2026, 12, 1, 23, 22, 3, DateTimeKind.Utc);
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{{\"ts\":\"{start.AddMilliseconds(i * 7.3):yyyy-MM-ddTHH:mm:ss.fffZ}\",\"level\":\"info\",\"shard\":{i % 2},\"msg\":\"handling put\",\"key\":\"kvstore-key-{(i * 7919) % 10000:D4}\",\"value_bytes\":{48 + ((i * 31) % 977)}}}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, bytes));
    }
}
