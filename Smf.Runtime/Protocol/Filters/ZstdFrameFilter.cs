using System.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Smf.Protocol.Filters;

/// <summary>
/// smf's zstd filter. As an outgoing filter it compresses payloads of at least <see cref="MinimumSize"/> bytes into
/// one standard zstd frame that records the content size; as an incoming filter it decompresses frames marked
/// <see cref="CompressionFlags.Zstd"/> and rewrites the header (compression none, size and checksum of the plain bytes).
/// </summary>
public sealed class ZstdFrameFilter : IIncomingFrameFilter, IOutgoingFrameFilter
{
    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static int t_compressorLevel;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    /// <summary>Creates a zstd filter.</summary>
    /// <param name="minimumSize">Payloads shorter than this are sent uncompressed. Defaults to 512 bytes.</param>
    /// <param name="level">The zstd compression level, 1..22. Defaults to 3, smf's level.</param>
    /// <param name="maxDecompressedSize">The largest payload a received frame may decompress to, in bytes. Defaults to 64 MiB.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public ZstdFrameFilter(int minimumSize = 512, int level = 3, int maxDecompressedSize = 64 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 22);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDecompressedSize, 1);
        MinimumSize = minimumSize;
        Level = level;
        MaxDecompressedSize = maxDecompressedSize;
    }

    /// <summary>Payloads shorter than this many bytes are sent uncompressed.</summary>
    public int MinimumSize { get; }

    /// <summary>The zstd compression level.</summary>
    public int Level { get; }

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

        var destination = output.GetSpan(Compressor.GetCompressBound(payload.Length));
        var written = GetCompressor(Level).Wrap(payload, destination);
        output.Advance(written);
        var compressed = destination[..written];
        header = header with { Compression = CompressionFlags.Zstd, Size = (uint)written, Checksum = PayloadChecksum.Compute(compressed) };
        return true;
    }

    /// <summary>The content size a zstd frame records (frames that do not record one are refused).</summary>
    /// <inheritdoc cref="IIncomingFrameFilter.GetDecodedSize"/>
    long? IIncomingFrameFilter.GetDecodedSize(in RpcHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.Compression != CompressionFlags.Zstd)
        {
            return null;
        }

        try
        {
            return (long)Math.Min(Decompressor.GetDecompressedSize(payload), long.MaxValue);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"The {payload.Length}-byte payload is not a zstd frame that records its content size: {e.Message}", e);
        }
    }

    /// <summary>Decompresses a frame marked zstd.</summary>
    /// <inheritdoc cref="IIncomingFrameFilter.TryApply"/>
    bool IIncomingFrameFilter.TryApply(ref RpcHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        if (header.Compression != CompressionFlags.Zstd)
        {
            return false;
        }

        ulong size;
        try
        {
            size = Decompressor.GetDecompressedSize(payload);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"The {payload.Length}-byte payload is not a zstd frame that records its content size: {e.Message}", e);
        }

        if (size == 0 || size > (ulong)MaxDecompressedSize)
        {
            throw new InvalidDataException(
                $"The zstd frame declares a content size of {size} bytes; it must record a size between 1 and {MaxDecompressedSize}.");
        }

        var destination = output.GetSpan((int)size)[..(int)size];
        int written;
        try
        {
            written = GetDecompressor().Unwrap(payload, destination);
        }
        catch (ZstdException e)
        {
            throw new InvalidDataException($"The zstd frame of {payload.Length} bytes does not decompress: {e.Message}", e);
        }

        if (written != (int)size)
        {
            throw new InvalidDataException($"The zstd frame declares {size} bytes but decompresses to {written}.");
        }

        output.Advance(written);
        header = header with { Compression = CompressionFlags.None, Size = (uint)written, Checksum = PayloadChecksum.Compute(destination) };
        return true;
    }

    private static Compressor GetCompressor(int level)
    {
        if (t_compressor is null || t_compressorLevel != level)
        {
            t_compressor?.Dispose();
            var compressor = new Compressor(level);
            compressor.SetParameter(ZSTD_cParameter.ZSTD_c_contentSizeFlag, 1);
            compressor.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 0);
            t_compressor = compressor;
            t_compressorLevel = level;
        }

        return t_compressor;
    }

    private static Decompressor GetDecompressor() => t_decompressor ??= new Decompressor();
}
