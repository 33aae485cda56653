using System.Buffers;
using System.Diagnostics;
using Smf.Internal;

namespace Smf.Connections.Internal;

/// <summary>
/// A receive buffer shared by a connection and the handlers whose payloads live in it (zero copy). The connection
/// holds one reference; every dispatched request holds one until its reply is written. Shard-thread only.
/// </summary>
internal sealed class RecvBuffer
{
    private const int MaxPooled = 64;

    private readonly Stack<RecvBuffer>? _pool;
    private readonly OversizeArrays? _oversize;
    private int _references;

    private RecvBuffer(byte[] array, Stack<RecvBuffer>? pool, OversizeArrays? oversize)
    {
        Array = array;
        _pool = pool;
        _oversize = oversize;
    }

    public byte[] Array { get; }

    /// <summary>Whether only the connection references it, so its bytes may be moved.</summary>
    public bool IsExclusive => _references == 1;

    /// <summary>Takes a standard buffer from the shard's pool or allocates one (that returns to the pool).</summary>
    public static RecvBuffer Rent(Stack<RecvBuffer> pool, int size)
    {
        var buffer = pool.Count > 0 ? pool.Pop() : new RecvBuffer(GC.AllocateUninitializedArray<byte>(size, pinned: true), pool, null);
        buffer._references = 1;
        return buffer;
    }

    /// <summary>
    /// An oversize buffer for one large frame: from the shard's <paramref name="oversize"/> arrays when given, else from
    /// <see cref="ByteArrays"/> (whose largest arrays are not pooled).
    /// </summary>
    public static RecvBuffer RentOversize(int size, OversizeArrays? oversize) =>
        new(oversize is null ? ByteArrays.Rent(size) : oversize.Rent(size), null, oversize) { _references = 1 };

    public void AddReference() => _references++;

    public void Release()
    {
        Debug.Assert(_references > 0, "Released more often than referenced.");
        if (--_references > 0)
        {
            return;
        }

        if (_oversize is not null)
        {
            _oversize.Return(Array);
        }
        else if (_pool is null)
        {
            ByteArrays.Return(Array);
        }
        else if (_pool.Count < MaxPooled)
        {
            _pool.Push(this);
        }
    }
}
