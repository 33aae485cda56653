using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Connections.Internal;

/// <summary>
/// Turns a received payload into the plain FlatBuffer it carries, with the same rules on both sides: the checksum
/// must match, the incoming filters undo any compression, a frame marked <see cref="CompressionFlags.Disabled"/> is
/// plain, and the plain payload is 1 byte to the receiver's maximum. Immutable: shared by a shard's connections.
/// </summary>
internal sealed class FrameDecoder(
    IIncomingFrameFilter[] filters,
    uint maxPayloadSize,
    int maxPayloadHeaderCount = PayloadHeadersCodec.DefaultMaxCount,
    int maxPayloadHeadersSize = PayloadHeadersCodec.DefaultMaxSize)
{
    /// <summary>The most bytes a payload may decode to (<see cref="Decode"/> rejects more).</summary>
    public uint MaxPayloadSize => maxPayloadSize;

    /// <summary>
    /// The size a payload decodes to, read from the frame before any memory is taken: the payload's own size when it
    /// is not compressed, else what the first filter that decodes it declares, which must be 1 byte to the maximum.
    /// </summary>
    /// <param name="header">The received header.</param>
    /// <param name="payload">The payload as received.</param>
    /// <param name="size">The decoded size.</param>
    /// <param name="reason">With <see cref="RpcFrameError.UndecodablePayload"/>: why the size is refused.</param>
    /// <returns><see cref="RpcFrameError.None"/>, or <see cref="RpcFrameError.UndecodablePayload"/>.</returns>
    public RpcFrameError DecodedSize(in RpcHeader header, ReadOnlySpan<byte> payload, out long size, out string? reason)
    {
        reason = null;
        size = payload.Length;
        if (header.Compression is CompressionFlags.None or CompressionFlags.Disabled)
        {
            return RpcFrameError.None;
        }

        long? declared = null;
        try
        {
            for (var i = 0; i < filters.Length && declared is null; i++)
            {
                declared = filters[i].GetDecodedSize(header, payload);
            }
        }
        catch (Exception e)
        {
            reason = $"the size a {header.Size}-byte {header.Compression} payload decodes to cannot be read: {e.Message}";
            return RpcFrameError.UndecodablePayload;
        }

        if (declared is not { } value)
        {
            reason = $"the payload is compressed with '{header.Compression}' and no incoming filter decompresses it";
            return RpcFrameError.UndecodablePayload;
        }

        if (value < 1 || value > maxPayloadSize)
        {
            reason = $"the payload declares that it decodes to {value} bytes; it must be between 1 and {maxPayloadSize}";
            return RpcFrameError.UndecodablePayload;
        }

        size = value;
        return RpcFrameError.None;
    }

    /// <summary>
    /// Checks and decodes one payload. On success <paramref name="plain"/> is <paramref name="payload"/> itself (no
    /// compression) or memory of <paramref name="buffers"/>, and <paramref name="header"/> says compression none with
    /// the plain size.
    /// </summary>
    /// <param name="header">The received header; updated to describe the plain payload.</param>
    /// <param name="payload">The payload as received.</param>
    /// <param name="buffers">Where a decompressed payload is written; it stays there until they are used again.</param>
    /// <param name="plain">The plain payload.</param>
    /// <param name="reason">With <see cref="RpcFrameError.UndecodablePayload"/>: what the filter said.</param>
    /// <returns><see cref="RpcFrameError.None"/>, or the rule the frame breaks.</returns>
    public RpcFrameError Decode(ref RpcHeader header, ArraySegment<byte> payload, DecodeBuffers buffers, out ArraySegment<byte> plain, out string? reason)
    {
        plain = payload;
        reason = null;
        if (RpcFrame.ValidatePayload(header, payload) != RpcFrameError.None)
        {
            reason = $"the checksum 0x{header.Checksum:X8} does not match the payload's 0x{PayloadChecksum.Compute(payload):X8}";
            return RpcFrameError.ChecksumMismatch;
        }

        if ((header.BitFlags & RpcHeaderFlags.HasPayloadHeaders) != 0)
        {
            // The payload headers come first; what follows them is checked and decoded like any other payload.
            if (!PayloadHeadersCodec.TryRead(ref header, payload, maxPayloadHeaderCount, maxPayloadHeadersSize, out payload, out var metadata, out reason))
            {
                return RpcFrameError.InvalidPayloadHeaders;
            }

            plain = payload;
            buffers.Metadata = metadata;
            if (RpcFrame.ValidatePayload(header, payload) != RpcFrameError.None)
            {
                reason = $"the payload headers give the message checksum 0x{header.Checksum:X8} but the message's is 0x{PayloadChecksum.Compute(payload):X8}";
                return RpcFrameError.InvalidPayloadHeaders;
            }
        }

        if (header.Compression == CompressionFlags.None)
        {
            return RpcFrameError.None;
        }

        var sizeError = DecodedSize(header, payload, out _, out reason);
        if (sizeError != RpcFrameError.None)
        {
            return sizeError;
        }

        var received = header;
        ReadOnlyMemory<byte> decoded;
        try
        {
            decoded = FrameFilterChain.ApplyIncoming(filters, ref header, payload, buffers.First, buffers.Second);
        }
        catch (OutOfMemoryException)
        {
            reason = $"there is not enough memory to decode a {received.Size}-byte {received.Compression} payload";
            header = received;
            return RpcFrameError.UndecodablePayload;
        }
        catch (Exception e)
        {
            // Filters are pluggable; whatever one throws, the payload could not be decoded.
            reason = $"the incoming filters could not decode a {received.Size}-byte {received.Compression} payload: {e.Message}";
            header = received;
            return RpcFrameError.UndecodablePayload;
        }

        if (header.Compression == CompressionFlags.Disabled)
        {
            header = header with { Compression = CompressionFlags.None };
        }

        if (header.Compression != CompressionFlags.None)
        {
            reason = $"the payload is compressed with '{header.Compression}' and no incoming filter decompressed it";
            return RpcFrameError.UndecodablePayload;
        }

        if (decoded.Length == 0 || (uint)decoded.Length > maxPayloadSize)
        {
            reason = $"the payload decodes to {decoded.Length} bytes; it must be between 1 and {maxPayloadSize}";
            return RpcFrameError.UndecodablePayload;
        }

        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(decoded, out plain))
        {
            throw new InvalidOperationException("Filtered payloads are always array-backed.");
        }

        header = header with { Size = (uint)plain.Count };
        return RpcFrameError.None;
    }
}
