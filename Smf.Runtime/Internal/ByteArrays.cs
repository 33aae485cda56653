using System.Buffers;

namespace Smf.Internal;

/// <summary>
/// Byte arrays for payloads: up to <see cref="MaxPooledLength"/> from <see cref="ArrayPool{T}.Shared"/>, larger ones
/// allocated and left to the GC, so one burst of large frames does not keep its memory in the pool for good.
/// </summary>
internal static class ByteArrays
{
    /// <summary>The longest array that is pooled: 1 MiB.</summary>
    public const int MaxPooledLength = 1024 * 1024;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, its content undefined.</summary>
    public static byte[] Rent(int minimumLength) => minimumLength <= MaxPooledLength
        ? ArrayPool<byte>.Shared.Rent(minimumLength)
        : GC.AllocateUninitializedArray<byte>(minimumLength);

    /// <summary>Gives back an array from <see cref="Rent"/>: pooled sizes go back to the pool, larger ones to the GC.</summary>
    public static void Return(byte[] array)
    {
        if (array.Length <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
