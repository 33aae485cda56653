using System.Buffers.Binary;

namespace Smf.Protocol;

/// <summary>
/// The 16-byte little-endian header that precedes every smf frame payload, in both directions.
/// </summary>
/// <remarks>
/// The layout is the FlatBuffers struct <c>smf.rpc.header</c>: compression (int8), bitflags (uint8),
/// session (uint16), size (uint32), checksum (uint32), meta (uint32). <see cref="Meta"/> carries the
/// request id on a request and the status code on a reply.
/// </remarks>
/// <param name="Compression">How the payload is compressed.</param>
/// <param name="BitFlags">Header flags: only <see cref="RpcHeaderFlags.HasPayloadHeaders"/> is defined; C++ and Go smf receivers reject any set bit.</param>
/// <param name="Session">The correlation id a reply copies from its request.</param>
/// <param name="Size">The payload length in bytes, header excluded.</param>
/// <param name="Checksum">The low 32 bits of XXH64 (seed 0) of the payload as sent.</param>
/// <param name="Meta">The request id on a request; the status code on a reply.</param>
public readonly record struct RpcHeader(
    CompressionFlags Compression,
    byte BitFlags,
    ushort Session,
    uint Size,
    uint Checksum,
    uint Meta)
{
    /// <summary>The size of an encoded header in bytes.</summary>
    public const int Length = 16;

    /// <summary>Reads a header from the first <see cref="Length"/> bytes of <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than <see cref="Length"/>.</exception>
    public static RpcHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Length)
        {
            throw new ArgumentException($"An smf header needs {Length} bytes but only {source.Length} were given.", nameof(source));
        }

        return new RpcHeader(
            (CompressionFlags)(sbyte)source[0],
            source[1],
            BinaryPrimitives.ReadUInt16LittleEndian(source[2..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(source[12..]));
    }

    /// <summary>Writes this header into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"An smf header needs {Length} bytes but the destination has {destination.Length}.", nameof(destination));
        }

        destination[0] = (byte)Compression;
        destination[1] = BitFlags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], Session);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Size);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Meta);
    }

    /// <summary>Overwrites the session field of an encoded header.</summary>
    internal static void WriteSession(Span<byte> header, ushort session) => BinaryPrimitives.WriteUInt16LittleEndian(header[2..], session);
}
