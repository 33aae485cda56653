using Smf.Internal;
using Smf.Protocol;

namespace Smf.Connections.Internal;

/// <summary>
/// The frames of one loop iteration in send order: bytes appended to one pooled buffer, with large finished payloads
/// spliced in between by reference (the array is not copied; the batch owns it until it is sent). Sent piece by
/// piece: the buffer's bytes up to the first splice, the spliced array, the bytes up to the next, and so on.
/// Shard-thread only.
/// </summary>
internal sealed class OutputBatch(OversizeArrays? oversize)
{
    private readonly PooledBufferWriter _bytes = new(oversize);
    private readonly List<SplicedArray> _splices = [];
    private int _piece;
    private int _pieceOffset;
    private long _splicedBytes;
    private long _sent;

    /// <summary>Bytes appended and spliced.</summary>
    public long Length => _bytes.WrittenCount + _splicedBytes;

    /// <summary>The buffer frames are appended to.</summary>
    public PooledBufferWriter Bytes => _bytes;

    /// <summary>Whether every piece was sent.</summary>
    public bool IsSent
    {
        get
        {
            SkipSentPieces();
            return _piece > 2 * _splices.Count;
        }
    }

    /// <summary>Bytes of this batch not yet sent.</summary>
    public long Remaining => Length - _sent;

    /// <summary>Adds <paramref name="length"/> bytes of <paramref name="array"/> after the bytes appended so far; the batch returns the array once sent.</summary>
    public void Splice(byte[] array, int length)
    {
        _splices.Add(new SplicedArray(_bytes.WrittenCount, array, length));
        _splicedBytes += length;
    }

    /// <summary>The unsent rest of the current piece; empty when <see cref="IsSent"/>.</summary>
    public ReadOnlyMemory<byte> Current
    {
        get
        {
            SkipSentPieces();
            return _piece > 2 * _splices.Count ? ReadOnlyMemory<byte>.Empty : Piece(_piece)[_pieceOffset..];
        }
    }

    /// <summary>Records that <paramref name="count"/> bytes of <see cref="Current"/> were sent.</summary>
    public void Advance(int count)
    {
        _pieceOffset += count;
        _sent += count;
    }

    /// <summary>Forgets the bytes (keeping a buffer of at most <paramref name="maxRetainedBytes"/>) and returns the spliced arrays.</summary>
    public void Clear(int maxRetainedBytes)
    {
        _bytes.Clear(maxRetainedBytes);
        ReturnSplices();
        _piece = 0;
        _pieceOffset = 0;
        _sent = 0;
    }

    /// <summary>Returns the buffer and the spliced arrays.</summary>
    public void Dispose()
    {
        _bytes.Dispose();
        ReturnSplices();
    }

    private void ReturnSplices()
    {
        foreach (var splice in _splices)
        {
            if (oversize is null)
            {
                ByteArrays.Return(splice.Array);
            }
            else
            {
                oversize.Return(splice.Array);
            }
        }

        _splices.Clear();
        _splicedBytes = 0;
    }

    private void SkipSentPieces()
    {
        while (_piece <= 2 * _splices.Count && _pieceOffset >= Piece(_piece).Length)
        {
            _piece++;
            _pieceOffset = 0;
        }
    }

    // Even pieces are the appended bytes between splices, odd pieces the spliced arrays.
    private ReadOnlyMemory<byte> Piece(int piece)
    {
        var splice = piece / 2;
        if (piece % 2 == 1)
        {
            return _splices[splice].Array.AsMemory(0, _splices[splice].Length);
        }

        var start = splice == 0 ? 0 : _splices[splice - 1].At;
        var end = splice < _splices.Count ? _splices[splice].At : _bytes.WrittenCount;
        return _bytes.WrittenMemory[start..end];
    }

    private readonly record struct SplicedArray(int At, byte[] Array, int Length);
}
