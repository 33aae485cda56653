using System.Buffers.Binary;
using System.Text;
using Google.FlatBuffers;
using Smf.Diagnostics;
using Smf.Diagnostics.Internal;
using Smf.Messages;
using Smf.Protocol;

namespace Smf.Connections.Internal;

/// <summary>
/// Reads and writes smf's <c>payload_headers</c> extension (header bit <see cref="RpcHeaderFlags.HasPayloadHeaders"/>):
/// the frame payload is a size-prefixed FlatBuffer of the table
/// <c>payload_headers { size: uint; checksum: uint; compression: byte; dynamic_headers: [dynamic_header]; }</c>
/// (<c>dynamic_header { key: string; value: string; }</c>, sorted by key), followed by the message itself, whose size,
/// checksum and compression the table gives. The frame header's size and checksum cover both parts; its compression is
/// none. The layout is in docs/observability.md.
/// </summary>
internal static class PayloadHeadersCodec
{
    /// <summary>The most entries a receiver accepts by default.</summary>
    public const int DefaultMaxCount = 64;

    /// <summary>The largest size-prefixed table a receiver accepts by default, in bytes (prefix excluded).</summary>
    public const int DefaultMaxSize = 16 * 1024;

    private const string TableName = "smf.rpc.payload_headers";
    private const string EntryName = "smf.rpc.dynamic_header";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic]
    private static FlatBufferBuilder? t_builder;

    [ThreadStatic]
    private static List<KeyValuePair<string, string>>? t_entries;

    /// <summary>
    /// Splits a payload whose header has <see cref="RpcHeaderFlags.HasPayloadHeaders"/> set (its checksum already
    /// verified) into the message and its metadata.
    /// </summary>
    /// <param name="header">The received header; on success, the message's header (flag cleared; its size, checksum, compression).</param>
    /// <param name="payload">The whole payload as received.</param>
    /// <param name="maxCount">The most entries accepted.</param>
    /// <param name="maxSize">The largest table accepted, in bytes.</param>
    /// <param name="message">On success: the message bytes, in place.</param>
    /// <param name="metadata">On success: the entries, sorted by key.</param>
    /// <param name="reason">On failure: what is wrong, a sentence fragment.</param>
    /// <returns>Whether the payload headers are well formed.</returns>
    public static bool TryRead(ref RpcHeader header, ArraySegment<byte> payload, int maxCount, int maxSize, out ArraySegment<byte> message, out RpcMetadata? metadata, out string? reason)
    {
        message = default;
        metadata = null;
        reason = null;
        if (header.Compression != CompressionFlags.None)
        {
            reason = $"a frame with payload headers must say compression none in its header, not '{header.Compression}' (the message's compression is in the table)";
            return false;
        }

        var bytes = payload.AsSpan();
        if (bytes.Length < 4)
        {
            reason = $"the payload is {bytes.Length} bytes, too short for the payload headers' 4-byte size prefix";
            return false;
        }

        var tableSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (tableSize > (uint)maxSize)
        {
            reason = $"the payload headers take {tableSize} bytes; the limit is {maxSize}";
            return false;
        }

        if (tableSize > (uint)(bytes.Length - 4))
        {
            reason = $"the payload headers' size prefix says {tableSize} bytes but only {bytes.Length - 4} follow it";
            return false;
        }

        var table = bytes[..(4 + (int)tableSize)];
        var verifier = new FlatBufferVerifier(table);
        if (!verifier.SizePrefix() || !verifier.Root(4, null, TableName, out var root) || !VerifyTable(ref verifier, root, maxCount, out var count))
        {
            reason = $"the payload headers fail verification: {verifier.Error ?? $"more than {maxCount} entries"}";
            return false;
        }

        var size = ReadScalarUInt(table, root, 4);
        var checksum = ReadScalarUInt(table, root, 6);
        var compression = (sbyte)ReadScalarByte(table, root, 8);
        var messageLength = bytes.Length - table.Length;
        if (size != (uint)messageLength || size == 0)
        {
            reason = $"the payload headers say the message is {size} bytes but {messageLength} bytes follow them";
            return false;
        }

        if (compression is < 0 or > (sbyte)CompressionFlags.Lz4)
        {
            reason = $"the payload headers give the unknown compression {compression}";
            return false;
        }

        if (checksum == 0)
        {
            reason = "the payload headers give the message checksum 0";
            return false;
        }

        if (!TryReadEntries(table, root, count, out var entries, out reason))
        {
            return false;
        }

        header = header with { BitFlags = 0, Compression = (CompressionFlags)compression, Size = size, Checksum = checksum };
        message = payload.Slice(table.Length);
        metadata = entries is null ? RpcMetadata.Empty : RpcMetadata.Received(entries);
        return true;
    }

    /// <summary>
    /// Writes a whole request frame with payload headers into <paramref name="frame"/>: the header (flag set,
    /// compression none, total size and checksum), the table with <paramref name="metadata"/> and the trace context,
    /// then <paramref name="message"/>.
    /// </summary>
    /// <param name="frame">Cleared and filled with the frame.</param>
    /// <param name="messageHeader">The header the message alone would have (after the outgoing filters).</param>
    /// <param name="message">The message bytes as sent (after the outgoing filters).</param>
    /// <param name="metadata">The caller's entries, or <see langword="null"/>.</param>
    /// <param name="traceParent">The W3C traceparent to send, or <see langword="null"/>.</param>
    /// <param name="traceState">The W3C tracestate to send, or <see langword="null"/>.</param>
    public static void WriteFrame(PooledBufferWriter frame, in RpcHeader messageHeader, ReadOnlySpan<byte> message, RpcMetadata? metadata, string? traceParent, string? traceState)
    {
        var entries = t_entries ??= [];
        entries.Clear();
        if (metadata is not null)
        {
            entries.AddRange(metadata);
        }

        AddUnlessPresent(entries, TraceContext.TraceParentKey, traceParent);
        AddUnlessPresent(entries, TraceContext.TraceStateKey, traceState);
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));

        var builder = t_builder ??= new FlatBufferBuilder(256);
        builder.Clear();
        Span<int> offsets = entries.Count <= 64 ? stackalloc int[entries.Count] : new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var key = builder.CreateString(entries[i].Key);
            var value = builder.CreateString(entries[i].Value);
            builder.StartTable(2);
            builder.AddOffset(0, key.Value, 0);
            builder.AddOffset(1, value.Value, 0);
            offsets[i] = builder.EndTable();
        }

        var vector = 0;
        if (entries.Count > 0)
        {
            builder.StartVector(4, entries.Count, 4);
            for (var i = entries.Count - 1; i >= 0; i--)
            {
                builder.AddOffset(offsets[i]);
            }

            vector = builder.EndVector().Value;
        }

        builder.StartTable(4);
        builder.AddUint(0, messageHeader.Size, 0);
        builder.AddUint(1, messageHeader.Checksum, 0);
        builder.AddSbyte(2, (sbyte)messageHeader.Compression, 0);
        if (vector != 0)
        {
            builder.AddOffset(3, vector, 0);
        }

        builder.FinishSizePrefixed(builder.EndTable());
        entries.Clear();
        var table = builder.DataBuffer.ToArraySegment(builder.DataBuffer.Position, builder.Offset).AsSpan();

        var payloadLength = table.Length + message.Length;
        frame.Clear();
        var destination = frame.GetSpan(RpcHeader.Length + payloadLength);
        table.CopyTo(destination[RpcHeader.Length..]);
        message.CopyTo(destination[(RpcHeader.Length + table.Length)..]);
        var payload = destination.Slice(RpcHeader.Length, payloadLength);
        var header = new RpcHeader(CompressionFlags.None, RpcHeaderFlags.HasPayloadHeaders, 0, (uint)payloadLength, PayloadChecksum.Compute(payload), messageHeader.Meta);
        header.Write(destination);
        frame.Advance(RpcHeader.Length + payloadLength);
    }

    private static void AddUnlessPresent(List<KeyValuePair<string, string>> entries, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return;
            }
        }

        entries.Add(new KeyValuePair<string, string>(key, value));
    }

    private static bool VerifyTable(ref FlatBufferVerifier verifier, long table, int maxCount, out int count)
    {
        count = 0;
        if (!verifier.TableStart(table, TableName, out var vtable, out var vtableSize))
        {
            return false;
        }

        var size = verifier.Field(vtable, vtableSize, 4);
        var checksum = verifier.Field(vtable, vtableSize, 6);
        var compression = verifier.Field(vtable, vtableSize, 8);
        var headers = verifier.Field(vtable, vtableSize, 10);
        if ((size != 0 && !verifier.Check(table + size, 4, 4, TableName + ".size"))
            || (checksum != 0 && !verifier.Check(table + checksum, 4, 4, TableName + ".checksum"))
            || (compression != 0 && !verifier.Check(table + compression, 1, 1, TableName + ".compression")))
        {
            return false;
        }

        if (headers != 0)
        {
            const string what = TableName + ".dynamic_headers";
            if (!verifier.Offset(table + headers, what, out var vector) || !verifier.Vector(vector, 4, what, out count))
            {
                return false;
            }

            if (count > maxCount)
            {
                return verifier.Fail($"The payload headers hold {count} entries; the limit is {maxCount}.");
            }

            for (var i = 0; i < count; i++)
            {
                if (!VerifyEntry(ref verifier, verifier.Element(vector + 4 + (4L * i))))
                {
                    return false;
                }
            }
        }

        return verifier.TableEnd();
    }

    private static bool VerifyEntry(ref FlatBufferVerifier verifier, long table)
    {
        if (!verifier.TableStart(table, EntryName, out var vtable, out var vtableSize))
        {
            return false;
        }

        var key = verifier.Field(vtable, vtableSize, 4);
        var value = verifier.Field(vtable, vtableSize, 6);
        if (!verifier.Required(key, EntryName + ".key")
            || !verifier.Offset(table + key, EntryName + ".key", out var keyString) || !verifier.String(keyString, EntryName + ".key"))
        {
            return false;
        }

        if (value != 0 && (!verifier.Offset(table + value, EntryName + ".value", out var valueString) || !verifier.String(valueString, EntryName + ".value")))
        {
            return false;
        }

        return verifier.TableEnd();
    }

    private static bool TryReadEntries(ReadOnlySpan<byte> buffer, long root, int count, out List<KeyValuePair<string, string>>? entries, out string? reason)
    {
        entries = null;
        reason = null;
        if (count == 0)
        {
            return true;
        }

        var vector = Target(buffer, root + FieldOffset(buffer, root, 10));
        entries = new List<KeyValuePair<string, string>>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var element = vector + 4 + (4L * i);
                var entry = element + BinaryPrimitives.ReadUInt32LittleEndian(buffer[(int)element..]);
                var key = ReadString(buffer, Target(buffer, entry + FieldOffset(buffer, entry, 4)));
                var valueField = FieldOffset(buffer, entry, 6);
                var value = valueField == 0 ? string.Empty : ReadString(buffer, Target(buffer, entry + valueField));
                if (key.Length == 0)
                {
                    reason = $"payload header {i} has an empty key";
                    return false;
                }

                if (i > 0 && string.CompareOrdinal(entries[i - 1].Key, key) >= 0)
                {
                    reason = $"the payload header keys are not sorted and unique: '{entries[i - 1].Key}' comes before '{key}'";
                    return false;
                }

                entries.Add(new KeyValuePair<string, string>(key, value));
            }
        }
        catch (DecoderFallbackException)
        {
            reason = "a payload header key or value is not valid UTF-8";
            return false;
        }

        return true;
    }

    private static uint ReadScalarUInt(ReadOnlySpan<byte> buffer, long table, int vtableOffset)
    {
        var field = FieldOffset(buffer, table, vtableOffset);
        return field == 0 ? 0 : BinaryPrimitives.ReadUInt32LittleEndian(buffer[(int)(table + field)..]);
    }

    private static byte ReadScalarByte(ReadOnlySpan<byte> buffer, long table, int vtableOffset)
    {
        var field = FieldOffset(buffer, table, vtableOffset);
        return field == 0 ? (byte)0 : buffer[(int)(table + field)];
    }

    // Only called on a verified buffer.
    private static int FieldOffset(ReadOnlySpan<byte> buffer, long table, int vtableOffset)
    {
        var vtable = (int)(table - BinaryPrimitives.ReadInt32LittleEndian(buffer[(int)table..]));
        var vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(buffer[vtable..]);
        return vtableOffset < vtableSize ? BinaryPrimitives.ReadUInt16LittleEndian(buffer[(vtable + vtableOffset)..]) : 0;
    }

    private static long Target(ReadOnlySpan<byte> buffer, long position) => position + BinaryPrimitives.ReadUInt32LittleEndian(buffer[(int)position..]);

    private static string ReadString(ReadOnlySpan<byte> buffer, long position)
    {
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer[(int)position..]);
        return StrictUtf8.GetString(buffer.Slice((int)position + 4, length));
    }
}
