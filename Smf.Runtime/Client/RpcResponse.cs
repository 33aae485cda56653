using System.Buffers;
using Smf.Client.Internal;
using Smf.Protocol;
using Smf.Internal;

namespace Smf.Client;

/// <summary>
/// The reply to a raw call: its header, status and payload, in a pooled array this object owns. Dispose it when done
/// to return the array; do not keep spans of the payload afterwards.
/// </summary>
public sealed class RpcResponse : IDisposable
{
    private byte[]? _array;

    internal RpcResponse(in ReceivedFrame frame)
    {
        Header = frame.Header;
        _array = frame.Array;
    }

    /// <summary>The reply header (after decompression: compression none, plain size).</summary>
    public RpcHeader Header { get; }

    /// <summary>The session that correlated the reply with its request.</summary>
    public ushort Session => Header.Session;

    /// <summary>The status the server answered.</summary>
    public RpcStatus Status => (RpcStatus)Header.Meta;

    /// <summary>Whether the status is <see cref="RpcStatus.Ok"/>.</summary>
    public bool IsSuccess => Status == RpcStatus.Ok;

    /// <summary>The reply payload: the finished FlatBuffer of the response table.</summary>
    /// <exception cref="ObjectDisposedException">The response was disposed.</exception>
    public ReadOnlyMemory<byte> Payload =>
        new(_array ?? throw new ObjectDisposedException(nameof(RpcResponse), "The payload was returned to the pool when the response was disposed."), 0, (int)Header.Size);

    /// <summary>Throws <see cref="RpcException"/> unless the status is <see cref="RpcStatus.Ok"/>.</summary>
    /// <returns>This response.</returns>
    /// <exception cref="RpcException">The status is not <see cref="RpcStatus.Ok"/>.</exception>
    public RpcResponse EnsureSuccess()
    {
        if (!IsSuccess)
        {
            throw RpcClient.StatusException(Status);
        }

        return this;
    }

    /// <summary>Returns the payload array to its pool. Safe to call more than once.</summary>
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            ByteArrays.Return(array);
        }
    }
}
