using System.Buffers;
using Google.FlatBuffers;
using Smf.Protocol;

namespace Smf.Messages;

/// <summary>
/// A received message: its header and a zero-copy FlatBuffers accessor over its payload. A handler gets
/// one per request; a client gets one per typed reply. The smf C++ equivalent is
/// <c>smf::rpc_recv_typed_context&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// The payload usually lives in a pooled array that this context owns: dispose the context when done
/// (the server does it when the handler's task completes) and do not keep accessors, strings or spans
/// read from it afterwards. The payload is not verified on arrival; call <see cref="Verify"/> before
/// reading a payload from a peer you do not trust. Instances are not thread-safe.
/// </remarks>
/// <typeparam name="T">The accessor struct of the table, for example <c>PutRequest</c>.</typeparam>
public sealed class RpcRecvTypedContext<T> : IDisposable
    where T : struct, IFlatbufferObject, IRpcTable<T>
{
    private const int FreeListCapacity = 32;

    [ThreadStatic]
    private static Stack<RpcRecvTypedContext<T>>? t_free;

    private ArrayPool<byte>? _pool;
    private byte[]? _array;
    private int _offset;
    private PayloadAllocator? _allocator;
    private ByteBuffer? _byteBuffer;
    private bool? _verified;
    private bool _rented;

    /// <summary>Creates a context over <paramref name="payload"/>, which the caller keeps owning.</summary>
    /// <param name="header">The frame header, after any decompression (its size must match the payload).</param>
    /// <param name="payload">The finished FlatBuffer of the table.</param>
    /// <exception cref="ArgumentException">The header size differs from the payload length.</exception>
    public RpcRecvTypedContext(RpcHeader header, byte[] payload)
        : this(header, new ArraySegment<byte>(payload ?? throw new ArgumentNullException(nameof(payload))), null)
    {
    }

    /// <summary>
    /// Creates a context over a segment of an array; when <paramref name="returnTo"/> is given the context
    /// owns the whole array and returns it to that pool when disposed.
    /// </summary>
    /// <param name="header">The frame header, after any decompression (its size must match the segment).</param>
    /// <param name="payload">The finished FlatBuffer of the table.</param>
    /// <param name="returnTo">The pool the array came from, or <see langword="null"/> when the caller keeps owning it.</param>
    /// <exception cref="ArgumentException">The segment has no array, or the header size differs from its length.</exception>
    public RpcRecvTypedContext(RpcHeader header, ArraySegment<byte> payload, ArrayPool<byte>? returnTo)
    {
        Validate(header, payload);
        Initialize(header, payload, returnTo);
    }

    private RpcRecvTypedContext()
    {
    }

    /// <summary>The frame header as received (after decompression: compression none, plain size and checksum).</summary>
    public RpcHeader Header { get; private set; }

    /// <summary>The session that correlates a reply with its request.</summary>
    public ushort Session => Header.Session;

    /// <summary>The status code of a reply (its header's meta field); 200 means success.</summary>
    public uint Status => Header.Meta;

    /// <summary>The request id of a request (its header's meta field).</summary>
    public uint RequestId => Header.Meta;

    /// <summary>The payload bytes: the finished FlatBuffer of the table.</summary>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public ReadOnlyMemory<byte> Payload => new(Array, _offset, (int)Header.Size);

    private byte[] Array => _array ?? throw new ObjectDisposedException(GetType().Name, "The payload was released when the context was disposed.");

    /// <summary>
    /// Like the constructor with the same parameters, but takes the context from a small per-thread free
    /// list, so that a steady stream of messages allocates no contexts: the server path and the client's
    /// typed calls use it. <see cref="Dispose"/> puts the context back, so it must be disposed exactly
    /// once and not used afterwards: a later message may reuse the instance.
    /// </summary>
    /// <inheritdoc cref="RpcRecvTypedContext{T}(RpcHeader, ArraySegment{byte}, ArrayPool{byte})" path="/param"/>
    /// <returns>A context over <paramref name="payload"/>.</returns>
    /// <exception cref="ArgumentException">The segment has no array, or the header size differs from its length.</exception>
    public static RpcRecvTypedContext<T> Rent(RpcHeader header, ArraySegment<byte> payload, ArrayPool<byte>? returnTo)
    {
        Validate(header, payload);
        var context = t_free is { Count: > 0 } free ? free.Pop() : new RpcRecvTypedContext<T>();
        context._rented = true;
        context.Initialize(header, payload, returnTo);
        return context;
    }

    /// <summary>
    /// Returns the accessor of the root table. Reading it does not copy the payload; it is only safe on a
    /// well-formed buffer (see <see cref="Verify"/>).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public T Get()
    {
        var array = Array;
        if (_byteBuffer is null)
        {
            _allocator = new PayloadAllocator();
            _byteBuffer = new ByteBuffer(_allocator, 0);
        }

        if (!ReferenceEquals(_allocator!.Buffer, array))
        {
            _allocator.Reset(array);
        }

        T table = default;
        table.__init(_byteBuffer.GetInt(_offset) + _offset, _byteBuffer);
        return table;
    }

    /// <summary>
    /// Runs the generated verifier of <typeparamref name="T"/> over the payload once and remembers the result.
    /// </summary>
    /// <returns><see langword="true"/> when the payload is a well-formed <typeparamref name="T"/>.</returns>
    /// <exception cref="ObjectDisposedException">The context was disposed.</exception>
    public bool Verify() => _verified ??= T.Verify(Payload.Span);

    /// <summary>
    /// Returns the payload array to its pool, if it came from one, and a context from <see cref="Rent"/> to
    /// the free list. Calling it again on a context made by a constructor does nothing.
    /// </summary>
    public void Dispose()
    {
        var array = _array;
        if (array is null)
        {
            return;
        }

        _array = null;
        _verified = null;
        _pool?.Return(array);
        _pool = null;
        _allocator?.Reset([]);
        if (_rented && (t_free ??= new Stack<RpcRecvTypedContext<T>>()).Count < FreeListCapacity)
        {
            t_free.Push(this);
        }
    }

    private static void Validate(RpcHeader header, ArraySegment<byte> payload)
    {
        if (payload.Array is null)
        {
            throw new ArgumentException("The payload segment has no array.", nameof(payload));
        }

        if (header.Size != (uint)payload.Count)
        {
            throw new ArgumentException($"The header says the payload has {header.Size} bytes but the segment has {payload.Count}.", nameof(payload));
        }
    }

    private void Initialize(RpcHeader header, ArraySegment<byte> payload, ArrayPool<byte>? returnTo)
    {
        Header = header;
        _array = payload.Array;
        _offset = payload.Offset;
        _pool = returnTo;
    }
}
