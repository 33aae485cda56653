namespace Smf.Protocol;

/// <summary>
/// The checks every receiver applies to a frame, identical for requests and replies (see the wire protocol).
/// </summary>
public static class RpcFrame
{
    /// <summary>
    /// Validates the fields of a received header before its payload is read: size in 1..<paramref name="maxPayloadSize"/>,
    /// checksum and meta non-zero, no bitflag but <see cref="RpcHeaderFlags.HasPayloadHeaders"/>, compression 0..3.
    /// </summary>
    /// <param name="header">The decoded header.</param>
    /// <param name="maxPayloadSize">The largest payload the receiver accepts, in bytes.</param>
    /// <returns><see cref="RpcFrameError.None"/> when the header is acceptable; otherwise the first problem found.</returns>
    public static RpcFrameError ValidateHeader(in RpcHeader header, uint maxPayloadSize)
    {
        if (header.Size == 0)
        {
            return RpcFrameError.EmptyPayload;
        }

        if (header.Size > maxPayloadSize)
        {
            return RpcFrameError.PayloadTooLarge;
        }

        if (header.Checksum == 0)
        {
            return RpcFrameError.ZeroChecksum;
        }

        if (header.Meta == 0)
        {
            return RpcFrameError.ZeroMeta;
        }

        if ((header.BitFlags & ~RpcHeaderFlags.HasPayloadHeaders) != 0)
        {
            return RpcFrameError.UnsupportedFlags;
        }

        return (sbyte)header.Compression is < 0 or > (sbyte)CompressionFlags.Lz4
            ? RpcFrameError.UnknownCompression
            : RpcFrameError.None;
    }

    /// <summary>Checks that <paramref name="payload"/> matches the checksum in <paramref name="header"/>.</summary>
    /// <param name="header">The decoded header.</param>
    /// <param name="payload">Exactly <see cref="RpcHeader.Size"/> payload bytes, as received.</param>
    /// <returns><see cref="RpcFrameError.None"/> or <see cref="RpcFrameError.ChecksumMismatch"/>.</returns>
    public static RpcFrameError ValidatePayload(in RpcHeader header, ReadOnlySpan<byte> payload) =>
        PayloadChecksum.Compute(payload) == header.Checksum ? RpcFrameError.None : RpcFrameError.ChecksumMismatch;
}
