using System.Net;
using System.Runtime.InteropServices;
using Google.FlatBuffers;
using Smf.Protocol;
using Smf.Server.Internal;
using Smf.Sharding.Internal;

namespace Smf.Server;

/// <summary>
/// One request as a handler sees it: the header (after incoming filters), the payload in place in the receive
/// buffer (zero copy), the session, the shard, and helpers to build the reply without allocating.
/// </summary>
/// <remarks>
/// Contexts are pooled per shard: one is valid from the handler call until the handler's task completes, and must
/// not be kept afterwards. Everything here is used on the shard thread that called the handler.
/// </remarks>
public sealed class RpcCallContext
{
    private const int MaxRetainedBytes = 256 * 1024;

    private readonly Action _onHandlerCompleted;
    private readonly PooledBufferWriter _reply = new();
    private ValueTask<RpcReply> _pending;
    private ArraySegment<byte> _payload;

    internal RpcCallContext(ServerShard shard)
    {
        Shard = shard;
        _onHandlerCompleted = OnHandlerCompleted;
    }

    /// <summary>The request header; after decompression it says compression none, and size and checksum of the plain payload.</summary>
    public RpcHeader Header { get; private set; }

    /// <summary>The session the reply will carry.</summary>
    public ushort Session => Header.Session;

    /// <summary>The request id (service id XOR method id) the request was routed by.</summary>
    public uint RequestId => Header.Meta;

    /// <summary>The request payload: the finished FlatBuffer of the request table, exactly <see cref="RpcHeader.Size"/> bytes.</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>The request payload as an array segment (the array may hold other frames around it), for FlatBuffers' <c>ByteBuffer</c>.</summary>
    public ArraySegment<byte> PayloadSegment => _payload;

    /// <summary>The shard running the handler, 0..<c>ShardCount - 1</c>.</summary>
    public int ShardId => Shard.Id;

    /// <summary>The client's address.</summary>
    public EndPoint? RemoteEndPoint => Connection?.RemoteEndPoint;

    /// <summary>Cancelled when the connection closes or the server stops waiting for in-flight handlers.</summary>
    public CancellationToken CancellationToken { get; private set; }

    internal ServerShard Shard { get; }

    internal RpcConnection? Connection { get; private set; }

    internal RecvBuffer? PayloadOwner { get; private set; }

    internal uint ReservedBytes { get; private set; }

    internal long StartTimestamp { get; set; }

    internal PooledBufferWriter FilterFirst { get; } = new();

    internal PooledBufferWriter FilterSecond { get; } = new();

    /// <summary>
    /// The shard's reply builder, cleared. Build and <c>Finish</c> the response in it and pass it to
    /// <see cref="Reply(uint, FlatBufferBuilder, CompressionFlags)"/> without awaiting in between: every handler of the shard shares it.
    /// </summary>
    /// <remarks>
    /// Called off the shard thread (a handler that resumed elsewhere after <c>ConfigureAwait(false)</c>), it returns a
    /// new builder instead, so the shard's builder is never shared between threads.
    /// </remarks>
    /// <returns>The cleared builder.</returns>
    public FlatBufferBuilder GetReplyBuilder()
    {
        if (ShardLoop.Current != Shard.Loop)
        {
            return new FlatBufferBuilder(1024);
        }

        var builder = Shard.ReplyBuilder;
        builder.Clear();
        return builder;
    }

    /// <summary>Makes a reply whose payload is a copy of <paramref name="payload"/>, owned by this context until it is sent.</summary>
    /// <param name="status">The status code; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    /// <param name="payload">The finished FlatBuffer of the response table; empty is sent as an empty table.</param>
    /// <param name="compression"><see cref="CompressionFlags.Disabled"/> keeps the outgoing filters from compressing the reply.</param>
    /// <returns>The reply to return from the handler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compression"/> is neither none nor disabled.</exception>
    public RpcReply Reply(uint status, ReadOnlySpan<byte> payload, CompressionFlags compression = CompressionFlags.None)
    {
        _reply.Clear();
        _reply.Write(payload);
        return new RpcReply(status, _reply.WrittenMemory, compression);
    }

    /// <summary>Makes a reply from a finished builder (typically <see cref="GetReplyBuilder"/>); the bytes are copied at once.</summary>
    /// <param name="status">The status code; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    /// <param name="finishedBuilder">A builder on which <c>Finish</c> was called.</param>
    /// <param name="compression"><see cref="CompressionFlags.Disabled"/> keeps the outgoing filters from compressing the reply.</param>
    /// <returns>The reply to return from the handler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compression"/> is neither none nor disabled.</exception>
    public RpcReply Reply(uint status, FlatBufferBuilder finishedBuilder, CompressionFlags compression = CompressionFlags.None)
    {
        ArgumentNullException.ThrowIfNull(finishedBuilder);
        var buffer = finishedBuilder.DataBuffer;
        var bytes = buffer.ToArraySegment(buffer.Position, buffer.Length - buffer.Position);
        return Reply(status, bytes.AsSpan(), compression);
    }

    internal void Begin(RpcConnection connection, RpcHeader header, ArraySegment<byte> payload, RecvBuffer owner, uint reservedBytes, CancellationToken cancellationToken)
    {
        Connection = connection;
        Header = header;
        _payload = payload;
        PayloadOwner = owner;
        owner.AddReference();
        ReservedBytes = reservedBytes;
        CancellationToken = cancellationToken;
    }

    internal void SetFilteredPayload(RpcHeader header, ReadOnlyMemory<byte> payload)
    {
        Header = header;
        if (!MemoryMarshal.TryGetArray(payload, out var segment))
        {
            throw new InvalidOperationException("Filtered payloads are always array-backed.");
        }

        _payload = segment;
    }

    internal void Run(RpcMethodHandler handler)
    {
        ValueTask<RpcReply> pending;
        try
        {
            pending = handler(this);
        }
        catch (Exception e)
        {
            Connection!.CompleteCall(this, FailedReply(e));
            return;
        }

        if (pending.IsCompleted)
        {
            Complete(pending);
            return;
        }

        _pending = pending;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onHandlerCompleted);
    }

    internal void Reset()
    {
        Connection = null;
        Header = default;
        _payload = default;
        PayloadOwner?.Release();
        PayloadOwner = null;
        ReservedBytes = 0;
        CancellationToken = default;
        StartTimestamp = 0;
        _reply.Clear(MaxRetainedBytes);
        FilterFirst.Clear(MaxRetainedBytes);
        FilterSecond.Clear(MaxRetainedBytes);
    }

    private void Complete(ValueTask<RpcReply> pending)
    {
        RpcReply reply;
        try
        {
            reply = pending.Result;
        }
        catch (Exception e)
        {
            reply = FailedReply(e);
        }

        Connection!.CompleteCall(this, reply);
    }

    private RpcReply FailedReply(Exception exception)
    {
        Shard.OnHandlerFailed(this, exception);
        return RpcReply.WithStatus(RpcStatus.InternalError);
    }

    private void OnHandlerCompleted()
    {
        // Handler continuations run on the shard, so this normally does too; a handler that awaited with
        // ConfigureAwait(false) may finish elsewhere, and then the reply is marshalled back to its shard.
        if (ShardLoop.Current == Shard.Loop)
        {
            CompletePending();
        }
        else
        {
            Shard.Loop.TryPost(static s => ((RpcCallContext)s!).CompletePending(), this);
        }
    }

    private void CompletePending()
    {
        var pending = _pending;
        _pending = default;
        Complete(pending);
    }
}
