using System.Buffers;
using Google.FlatBuffers;
using Smf.Messages;
using Smf.Messages.Internal;
using Smf.Protocol;
using Smf.Internal;

namespace Smf.Client;

/// <summary>
/// The reply to a typed call, read in place: its status and a zero-copy FlatBuffers accessor over its payload, in a
/// pooled array this object owns. Generated clients return it from their <c>…WithStatusAsync</c> methods, which do
/// not throw for statuses other than 200.
/// </summary>
/// <remarks>
/// Dispose it exactly once when done (a <see langword="using"/> declaration), and do not keep accessors or spans read
/// from it afterwards: the instance and its array are reused by later replies. Not thread-safe.
/// </remarks>
/// <typeparam name="T">The accessor struct of the response table, for example <c>GetResponse</c>.</typeparam>
public sealed class RpcResponse<T> : IDisposable
    where T : struct, IFlatbufferObject, IRpcTable<T>
{
    private const int FreeListCapacity = 32;

    private readonly PayloadAllocator _allocator = new();
    private readonly ByteBuffer _byteBuffer;
    private byte[]? _array;
    private bool? _valid;
    private string? _invalidReason;

    private RpcResponse() => _byteBuffer = new ByteBuffer(_allocator, 0);

    /// <summary>The reply header (after decompression: compression none, plain size).</summary>
    public RpcHeader Header { get; private set; }

    /// <summary>The session that correlated the reply with its request.</summary>
    public ushort Session => Header.Session;

    /// <summary>The status the server answered.</summary>
    public RpcStatus Status => (RpcStatus)Header.Meta;

    /// <summary>Whether the status is <see cref="RpcStatus.Ok"/>.</summary>
    public bool IsSuccess => Status == RpcStatus.Ok;

    /// <summary>The payload bytes: the finished FlatBuffer of the response table.</summary>
    /// <exception cref="ObjectDisposedException">The response was disposed.</exception>
    public ReadOnlyMemory<byte> Payload => new(Array, 0, (int)Header.Size);

    /// <summary>
    /// The response table, read in place. The payload is verified the first time (the generated verifier of
    /// <typeparamref name="T"/>), so a malformed reply cannot be read out of bounds.
    /// </summary>
    /// <exception cref="InvalidDataException">The payload is not a well-formed <typeparamref name="T"/>.</exception>
    /// <exception cref="ObjectDisposedException">The response was disposed.</exception>
    public T Message
    {
        get
        {
            var array = Array;
            if (_valid is null)
            {
                _valid = T.Verify(new ReadOnlySpan<byte>(array, 0, (int)Header.Size), out var reason);
                _invalidReason = reason;
            }

            if (_valid == false)
            {
                throw new InvalidDataException(
                    $"The {Header.Size}-byte reply for session {Header.Session} (status {RpcException.Describe(Status)}) is not a valid {typeof(T).Name}: {_invalidReason}.");
            }

            if (!ReferenceEquals(_allocator.Buffer, array))
            {
                _allocator.Reset(array);
            }

            T table = default;
            table.__init(_byteBuffer.GetInt(0), _byteBuffer);
            return table;
        }
    }

    private byte[] Array => _array ?? throw new ObjectDisposedException(GetType().Name, "The payload was returned to the pool when the response was disposed.");

    /// <summary>Throws <see cref="RpcException"/> unless the status is <see cref="RpcStatus.Ok"/>.</summary>
    /// <returns>This response.</returns>
    /// <exception cref="RpcException">The status is not <see cref="RpcStatus.Ok"/>.</exception>
    public RpcResponse<T> EnsureSuccess()
    {
        if (!IsSuccess)
        {
            throw RpcClient.StatusException(Status);
        }

        return this;
    }

    /// <summary>Returns the payload array to its pool and this instance to a per-thread free list. Call it once.</summary>
    public void Dispose()
    {
        var array = _array;
        if (array is null)
        {
            return;
        }

        _array = null;
        _valid = null;
        ByteArrays.Return(array);
        _allocator.Reset([]);
        PerThreadPool<RpcResponse<T>>.Return(this, FreeListCapacity);
    }

    /// <summary>Wraps a reply whose payload fills the start of <paramref name="array"/>, a pooled array it then owns.</summary>
    internal static RpcResponse<T> Rent(RpcHeader header, byte[] array)
    {
        var response = PerThreadPool<RpcResponse<T>>.TryRent() ?? new RpcResponse<T>();
        response.Header = header;
        response._array = array;
        return response;
    }
}
