using System.Buffers;
using Smf.Protocol;

namespace Smf.Client;

/// <summary>
/// A reply received by <see cref="RpcClient.CallAsync(uint, ReadOnlyMemory{byte}, CancellationToken)"/>:
/// its header and its payload, which lives in an array rented from <see cref="ArrayPool{T}.Shared"/>.
/// </summary>
/// <remarks>
/// Dispose the reply when done to return the array to the pool (forgetting to only costs an allocation
/// later). The payload must not be used after that. A reply with a non-200 status is still a reply: the
/// client does not throw for it.
/// </remarks>
public sealed class RpcRecvContext : IDisposable
{
    private byte[]? _array;

    internal RpcRecvContext(in ReceivedFrame frame)
    {
        Header = frame.Header;
        _array = frame.Array;
    }

    /// <summary>The reply header (after decompression: compression none, plain size and checksum).</summary>
    public RpcHeader Header { get; }

    /// <summary>The session of the call this reply answers.</summary>
    public ushort Session => Header.Session;

    /// <summary>The status code the server put in the meta field; 200 means success.</summary>
    public uint Status => Header.Meta;

    /// <summary>The payload: the finished FlatBuffer of the response table.</summary>
    /// <exception cref="ObjectDisposedException">The reply was disposed.</exception>
    public ReadOnlyMemory<byte> Payload =>
        new(_array ?? throw new ObjectDisposedException(nameof(RpcRecvContext), "The payload was returned to the pool when the reply was disposed."), 0, (int)Header.Size);

    /// <summary>Returns the payload array to the pool. Safe to call more than once.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
