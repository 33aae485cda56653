using Smf.Sharding.Internal;

namespace Smf.Internal;

/// <summary>
/// One shard's arrays larger than <see cref="ByteArrays.MaxPooledLength"/>: the receive buffers, reply buffers and
/// output buffers of frames of 1 MiB and more come from here and go back here, so a run of large frames reuses a few
/// arrays instead of allocating every one on the large object heap. Smaller arrays go to <see cref="ByteArrays"/>.
/// </summary>
/// <remarks>
/// Memory stays bounded: at most <see cref="MaxKeptArrays"/> arrays of at most <c>maxKeptBytes</c> in all are kept,
/// only arrays that were in use are kept (so keeping them never raises the peak), and all of them go to the GC at the
/// first <see cref="TrimIfIdle"/> (the shard's timer, every <see cref="TrimInterval"/>) after one interval without a
/// rent. Off the shard thread (a handler that resumed elsewhere) it rents and returns like <see cref="ByteArrays"/>.
/// </remarks>
internal sealed class OversizeArrays
{
    /// <summary>How often the owner calls <see cref="TrimIfIdle"/>.</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(1);

    /// <summary>The most arrays kept at once.</summary>
    public const int MaxKeptArrays = 8;

    // Lengths are rounded up to this step so that the nearly equal sizes of a frame, its reply and their output
    // buffers (1 MiB + 40 B, 1 MiB + 24 B, ...) fit the same kept arrays.
    private const int LengthStep = 256 * 1024;

    private readonly ShardLoop _loop;
    private readonly long _maxKeptBytes;
    private readonly List<byte[]> _kept = new(MaxKeptArrays);
    private long _keptBytes;
    private bool _rentedSinceTrim;

    /// <summary>Creates the arrays of the shard run by <paramref name="loop"/>.</summary>
    /// <param name="loop">The shard whose thread rents and returns.</param>
    /// <param name="maxKeptBytes">The most bytes kept in all.</param>
    public OversizeArrays(ShardLoop loop, long maxKeptBytes)
    {
        _loop = loop;
        _maxKeptBytes = maxKeptBytes;
    }

    /// <summary>The arrays kept for reuse now.</summary>
    public int KeptCount => _kept.Count;

    /// <summary>Whether an array of at least <paramref name="minimumLength"/> bytes larger than the pooled ones is kept.</summary>
    public bool HasKept(int minimumLength)
    {
        if (minimumLength <= ByteArrays.MaxPooledLength || ShardLoop.Current != _loop)
        {
            return false;
        }

        foreach (var array in _kept)
        {
            if (array.Length >= minimumLength)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, its content undefined.</summary>
    public byte[] Rent(int minimumLength)
    {
        if (minimumLength <= ByteArrays.MaxPooledLength || ShardLoop.Current != _loop)
        {
            return ByteArrays.Rent(minimumLength);
        }

        _rentedSinceTrim = true;
        var best = -1;
        for (var i = 0; i < _kept.Count; i++)
        {
            if (_kept[i].Length >= minimumLength && (best < 0 || _kept[i].Length < _kept[best].Length))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            var rounded = (int)Math.Min(Array.MaxLength, (minimumLength + (long)LengthStep - 1) / LengthStep * LengthStep);
            return GC.AllocateUninitializedArray<byte>(rounded);
        }

        var array = _kept[best];
        _kept.RemoveAt(best);
        _keptBytes -= array.Length;
        return array;
    }

    /// <summary>Gives back an array from <see cref="Rent"/> (or any array); kept for reuse while there is room.</summary>
    public void Return(byte[] array)
    {
        if (array.Length <= ByteArrays.MaxPooledLength || ShardLoop.Current != _loop)
        {
            ByteArrays.Return(array);
            return;
        }

        if (_kept.Count < MaxKeptArrays && _keptBytes + array.Length <= _maxKeptBytes)
        {
            _kept.Add(array);
            _keptBytes += array.Length;
        }
    }

    /// <summary>Gives every kept array to the GC when nothing was rented since the previous call. Shard thread only.</summary>
    public void TrimIfIdle()
    {
        if (!_rentedSinceTrim)
        {
            _kept.Clear();
            _keptBytes = 0;
        }

        _rentedSinceTrim = false;
    }
}
