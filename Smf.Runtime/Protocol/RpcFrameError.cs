namespace Smf.Protocol;

/// <summary>Why a received frame header is rejected; a receiver closes the connection on any of them.</summary>
public enum RpcFrameError
{
    /// <summary>The header is acceptable.</summary>
    None = 0,

    /// <summary>The size field is 0: every smf payload is a non-empty FlatBuffer.</summary>
    EmptyPayload,

    /// <summary>The size field exceeds the receiver's maximum frame size.</summary>
    PayloadTooLarge,

    /// <summary>The checksum field is 0, which smf rejects.</summary>
    ZeroChecksum,

    /// <summary>The checksum field does not match the payload.</summary>
    ChecksumMismatch,

    /// <summary>The meta field (request id or status) is 0.</summary>
    ZeroMeta,

    /// <summary>A bit of the bitflags field other than <see cref="RpcHeaderFlags.HasPayloadHeaders"/> is set.</summary>
    UnsupportedFlags,

    /// <summary>The compression field is negative or above 3 (lz4).</summary>
    UnknownCompression,

    /// <summary>The payload is compressed and no incoming filter decompressed it, or it failed to decompress.</summary>
    UndecodablePayload,

    /// <summary>
    /// The frame says it has payload headers and they are malformed: they fail verification, their sizes do not add up
    /// to the frame's, the message checksum they give is wrong, or they exceed the receiver's limits.
    /// </summary>
    InvalidPayloadHeaders,
}
