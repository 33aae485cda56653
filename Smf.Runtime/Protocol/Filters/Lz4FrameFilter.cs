using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace Smf.Protocol.Filters;

/// <summary>
/// smf's lz4 filter. The payload is NOT an LZ4 frame: it is the uncompressed length as 4 little-endian bytes, then
/// one raw LZ4 block. As an outgoing filter it compresses payloads of at least <see cref="MinimumSize"/> bytes; as an
/// incoming filter it decompresses frames marked <see cref="CompressionFlags.Lz4"/> and rewrites the header.
/// </summary>
public sealed class Lz4FrameFilter : IIncomingFrameFilter, IOutgoingFrameFilter
{
    private const int LengthPrefix = 4;

    /// <summary>Creates an lz4 filter.</summary>
    /// <param name="minimumSize">Payloads shorter than this are sent uncompressed. Defaults to 512 bytes.</param>
    /// <param name="maxDecompressedSize">The largest payload a received frame may decompress to, in bytes. Defaults to 64 MiB.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public Lz4FrameFilter(int minimumSize = 512, int maxDecompressedSize = 64 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecompressedSize, 1);
        MinimumSize = minimumSize;
        MaxDecompressedSize = maxDecompressedSize;
    }

    /// <summary>Payloads shorter than this many bytes are sent uncompressed.</summary>
    public int MinimumSize { get; }

    /// <summary>The largest payload a received frame may decompress to, in bytes.</summary>
    public int MaxDecompressedSize { get; }

    /// <summary>Compresses the payload when it is uncompressed, not marked disabled, and at least <see cref="MinimumSize"/> bytes.</summary>
    /// <inheritdoc cref="IOutgoingFrameFilter.TryApply"/>
    bool IOutgoingFrameFilter.TryApply(ref RpcHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        if (header.Compression != CompressionFlags.None || payload.Length < MinimumSize)
        {
            return false;
        }

        var destination = output.GetSpan(LengthPrefix + LZ4Codec.MaximumOutputSize(payload.Length));
        BinaryPrimitives.WriteInt32LittleEndian(destination, payload.Length);
        var written = LengthPrefix + LZ4Codec.Encode(payload, destination[LengthPrefix..], LZ4Level.L00_FAST);
        output.Advance(written);
        var compressed = destination[..written];
        header = header with { Compression = CompressionFlags.Lz4, Size = (uint)written, Checksum = PayloadChecksum.Compute(compressed) };
        return true;
    }

    /// <summary>The uncompressed size an lz4 payload declares in its 4-byte prefix.</summary>
    /// <inheritdoc cref="IIncomingFrameFilter.GetDecodedSize"/>
    long? IIncomingFrameFilter.GetDecodedSize(in RpcHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Compression != CompressionFlags.Lz4)
        {
            return null;
        }

        if (payload.Length < LengthPrefix)
        {
            throw new InvalidDataException($"An lz4 payload starts with a 4-byte length but this one has only {payload.Length} bytes.");
        }

        return BinaryPrimitives.ReadInt32LittleEndian(payload);
    }

    /// <summary>Decompresses a frame marked lz4.</summary>
    /// <inheritdoc cref="IIncomingFrameFilter.TryApply"/>
    bool IIncomingFrameFilter.TryApply(ref RpcHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        if (header.Compression != CompressionFlags.Lz4)
        {
            return false;
        }

        if (payload.Length < LengthPrefix)
        {
            throw new InvalidDataException($"An lz4 payload starts with a 4-byte length but this one has only {payload.Length} bytes.");
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (size <= 0 || size > MaxDecompressedSize)
        {
            throw new InvalidDataException($"The lz4 payload declares {size} uncompressed bytes; it must be between 1 and {MaxDecompressedSize}.");
        }

        var destination = output.GetSpan(size)[..size];
        var written = LZ4Codec.Decode(payload[LengthPrefix..], destination);
        if (written != size)
        {
            throw new InvalidDataException($"The lz4 block declares {size} bytes but decodes to {(written < 0 ? "an error" : written + " bytes")}.");
        }

        output.Advance(written);
        header = header with { Compression = CompressionFlags.None, Size = (uint)written, Checksum = PayloadChecksum.Compute(destination) };
        return true;
    }
}
