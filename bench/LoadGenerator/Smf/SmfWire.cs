using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Google.FlatBuffers;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>
/// The benchmark's smf frames, built independently of Smf.Runtime so that the harness checks the
/// server instead of sharing its code: MemoryNode.Put with a 16-byte key and a 48-byte value, and Echo.Echo with a
/// value of a given size (<see cref="PayloadText"/>).
/// </summary>
internal static class SmfWire
{
    public const int HeaderLength = 16;

    /// <summary>The key every request carries: 16 ASCII bytes.</summary>
    public const string Key = "kvstore-key-0001";

    /// <summary>The value every request carries: 48 ASCII bytes.</summary>
    public const string Value = "value-0123456789abcdef0123456789abcdef0123456789";

    /// <summary>MemoryNode/Put: CRC-32("MemoryNode") XOR CRC-32("Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse").</summary>
    public static readonly uint PutRequestId =
        Crc32Of("MemoryNode") ^ Crc32Of("Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse");

    /// <summary>Echo/Echo: CRC-32("Echo") XOR CRC-32("Echo:kvstore::fbs::EchoRequest:kvstore::fbs::EchoResponse").</summary>
    public static readonly uint EchoRequestId =
        Crc32Of("Echo") ^ Crc32Of("Echo:kvstore::fbs::EchoRequest:kvstore::fbs::EchoResponse");

    /// <summary>A whole request frame (header + finished PutRequest) with session 0; senders patch bytes 2-3.</summary>
    public static byte[] BuildPutRequestFrame() => BuildPutRequestFrame(Key);

    /// <summary>A whole Put request frame for <paramref name="key"/> (and <see cref="Value"/>) with session 0.</summary>
    public static byte[] BuildPutRequestFrame(string key)
    {
        var builder = new FlatBufferBuilder(256);
        var keyOffset = builder.CreateString(key);
        var value = builder.CreateString(Value);
        builder.StartTable(2);
        builder.AddOffset(0, keyOffset.Value, 0);
        builder.AddOffset(1, value.Value, 0);
        var table = builder.EndTable();
        builder.Finish(table);
        return Frame(PutRequestId, builder.SizedByteArray());
    }

    /// <summary>A whole Echo request frame whose value is <paramref name="valueBytes"/> bytes of <see cref="PayloadText"/>, with session 0.</summary>
    public static byte[] BuildEchoRequestFrame(int valueBytes)
    {
        var builder = new FlatBufferBuilder(valueBytes + 64);
        var text = PayloadText.Create(valueBytes);
        builder.StartVector(1, text.Length, 1);
        builder.Add(text);
        var value = builder.EndVector();
        builder.StartTable(1);
        builder.AddOffset(0, value.Value, 0);
        builder.Finish(builder.EndTable());
        return Frame(EchoRequestId, builder.SizedByteArray());
    }

    private static byte[] Frame(uint requestId, byte[] payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        frame[0] = 0; // compression: none
        frame[1] = 0; // bitflags
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(2), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Checksum(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), requestId);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>The low 32 bits of XXH64 (seed 0): the smf header checksum.</summary>
    public static uint Checksum(ReadOnlySpan<byte> payload) => unchecked((uint)XxHash64.HashToUInt64(payload));

    /// <summary>
    /// Checks one reply frame: no compression, no flags, non-empty payload, status 200 and a
    /// checksum that matches the payload. Returns a sentence describing the first problem, or null.
    /// </summary>
    public static string? Validate(ReadOnlySpan<byte> frame)
    {
        var size = BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(frame[8..]);
        var status = BinaryPrimitives.ReadUInt32LittleEndian(frame[12..]);
        if (frame[0] != 0 || frame[1] != 0)
        {
            return $"Reply has compression {frame[0]} and bitflags {frame[1]}; the benchmark expects 0 and 0.";
        }

        if (status != 200)
        {
            return $"Reply status is {status}, not 200.";
        }

        var actual = Checksum(frame.Slice(HeaderLength, (int)size));
        return actual == checksum ? null : $"Reply checksum 0x{checksum:X8} does not match its payload (0x{actual:X8}).";
    }

    private static uint Crc32Of(string text) => Crc32.HashToUInt32(Encoding.UTF8.GetBytes(text));
}
