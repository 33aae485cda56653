using System.Buffers;
using Smf.Internal;

namespace Smf.Protocol;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, reused across
/// frames: <see cref="Clear()"/> keeps the array, <see cref="Dispose"/> returns it. Not thread-safe.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly OversizeArrays? _oversize;
    private byte[] _buffer = [];
    private int _written;

    /// <summary>Creates a writer that holds no array until the first write.</summary>
    public PooledBufferWriter()
    {
    }

    /// <summary>A writer whose arrays larger than the pooled ones come from a shard's <paramref name="oversize"/> arrays.</summary>
    internal PooledBufferWriter(OversizeArrays? oversize) => _oversize = oversize;

    /// <summary>The bytes written since the last <see cref="Clear()"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>The bytes written since the last <see cref="Clear()"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>The number of bytes written since the last <see cref="Clear()"/>.</summary>
    public int WrittenCount => _written;

    /// <summary>The length of the rented array, 0 when none is held.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>
    /// Forgets the written bytes; returns the array to the pool when it is larger than <paramref name="maxRetainedBytes"/>
    /// so that one large frame does not pin memory for the writer's lifetime.
    /// </summary>
    /// <param name="maxRetainedBytes">The largest array kept for reuse.</param>
    public void Clear(int maxRetainedBytes)
    {
        if (_buffer.Length > maxRetainedBytes)
        {
            Dispose();
        }
        else
        {
            _written = 0;
        }
    }

    /// <summary>Forgets the written bytes but keeps the rented array for the next frame.</summary>
    public void Clear() => _written = 0;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException($"Cannot advance {count} bytes: only {_buffer.Length - _written} were obtained.");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Appends <paramref name="source"/>.</summary>
    /// <param name="source">The bytes to append.</param>
    public void Write(ReadOnlySpan<byte> source)
    {
        source.CopyTo(GetSpan(source.Length));
        _written += source.Length;
    }

    /// <summary>Returns the rented array to the pool; the writer can be used again afterwards.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0)
        {
            ReturnArray(buffer);
        }
    }

    private void Ensure(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = _written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var length = Math.Max(needed, Math.Min(Array.MaxLength, Math.Max(256, _buffer.Length * 2)));
        var grown = _oversize is null ? ByteArrays.Rent(length) : _oversize.Rent(length);
        _buffer.AsSpan(0, _written).CopyTo(grown);
        if (_buffer.Length > 0)
        {
            ReturnArray(_buffer);
        }

        _buffer = grown;
    }

    private void ReturnArray(byte[] array)
    {
        if (_oversize is null)
        {
            ByteArrays.Return(array);
        }
        else
        {
            _oversize.Return(array);
        }
    }
}
