namespace Smf.Protocol;

/// <summary>
/// The compression applied to a frame's payload, as carried in byte 0 of the smf header.
/// </summary>
public enum CompressionFlags : sbyte
{
    /// <summary>The payload is sent as is.</summary>
    None = 0,

    /// <summary>The sender asks that the payload not be compressed; receivers treat it as <see cref="None"/>.</summary>
    Disabled = 1,

    /// <summary>The payload is one standard zstd frame that records its content size.</summary>
    Zstd = 2,

    /// <summary>The payload is a 4-byte little-endian uncompressed length followed by one raw LZ4 block.</summary>
    Lz4 = 3,
}
