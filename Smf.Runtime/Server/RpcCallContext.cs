using System.Net;
using System.Security.Cryptography.X509Certificates;
using Google.FlatBuffers;
using Smf.Connections.Internal;
using Smf.Diagnostics;
using Smf.Messages.Internal;
using Smf.Protocol;
using Smf.Security.Internal;
using Smf.Server.Internal;
using Smf.Sharding.Internal;

namespace Smf.Server;

/// <summary>
/// One call as its handler sees it: the status to answer, the peer, the shard, the deadline and cancellation, and
/// for raw handlers the request bytes in place (zero copy) with helpers to build the reply without allocating. The
/// counterpart of gRPC's <c>ServerCallContext</c>.
/// </summary>
/// <remarks>
/// Contexts are pooled per shard: one is valid from the handler call until the handler's task completes, and must not
/// be kept afterwards. Everything here is used on the shard thread that called the handler.
/// </remarks>
public sealed class RpcCallContext
{
    private const int MaxRetainedBytes = 256 * 1024;

    private readonly Action _onHandlerCompleted;
    private readonly PooledBufferWriter _reply;
    private readonly PayloadAllocator _allocator = new();
    private readonly ByteBuffer _byteBuffer;
    private ValueTask<RpcReply> _pending;
    private ArraySegment<byte> _payload;
    private RpcMethodEntry? _entry;
    private CancellationTokenSource? _deadlineSource;
    private CancellationTokenRegistration _connectionRegistration;

    internal RpcCallContext(ServerShard shard)
    {
        Shard = shard;
        _reply = new PooledBufferWriter(shard.OversizeArrays);
        _onHandlerCompleted = OnHandlerCompleted;
        _byteBuffer = new ByteBuffer(_allocator, 0);
    }

    /// <summary>
    /// The status the reply carries. Defaults to <see cref="RpcStatus.Ok"/>; set it to answer, for example,
    /// <see cref="RpcStatus.NotFound"/> together with the response the handler returns.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0, which smf clients reject.</exception>
    public RpcStatus Status
    {
        get;
        set
        {
            if (value == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Status 0 breaks smf clients; use an HTTP-like code such as RpcStatus.NotFound.");
            }

            field = value;
        }
    } = RpcStatus.Ok;

    /// <summary>
    /// <see cref="CompressionFlags.Disabled"/> keeps the outgoing filters from compressing this reply. Defaults to
    /// <see cref="CompressionFlags.None"/>: the filters decide.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is neither none nor disabled.</exception>
    public CompressionFlags ResponseCompression
    {
        get;
        set
        {
            if (value is not (CompressionFlags.None or CompressionFlags.Disabled))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Only '{CompressionFlags.None}' or '{CompressionFlags.Disabled}' can be requested; the filters choose the compression.");
            }

            field = value;
        }
    }

    /// <summary>The name of the service, as written in the schema.</summary>
    public string ServiceName => _entry!.Service.Name;

    /// <summary>The method being called.</summary>
    public RpcMethod Method => _entry!.Method;

    /// <summary>The client's address.</summary>
    public EndPoint? RemoteEndPoint => Connection?.RemoteEndPoint;

    /// <summary>
    /// The certificate the client presented in the TLS handshake (mutual TLS: <see cref="X509Certificate.Subject"/>,
    /// <see cref="X509Certificate2.Thumbprint"/>); <see langword="null"/> without TLS or when the client sent none.
    /// Owned by the connection: do not dispose it.
    /// </summary>
    public X509Certificate2? PeerCertificate => Connection?.RemoteCertificate;

    /// <summary>The shard running the handler, 0 to <c>ShardCount - 1</c>.</summary>
    public int ShardId => Shard.Id;

    /// <summary>
    /// When the server stops waiting for this call (<see cref="RpcServerOptions.HandlerTimeout"/> after it arrived);
    /// <see cref="DateTimeOffset.MaxValue"/> when there is no handler timeout. The smf protocol carries no client
    /// deadline.
    /// </summary>
    public DateTimeOffset Deadline { get; private set; }

    /// <summary>Cancelled when the connection closes, the server stops waiting for in-flight handlers, or <see cref="Deadline"/> passes.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>The request header; after decompression it says compression none, and the size and checksum of the plain payload.</summary>
    public RpcHeader Header { get; private set; }

    /// <summary>The session the reply will carry.</summary>
    public ushort Session => Header.Session;

    /// <summary>The request id (service id XOR method id) the request was routed by.</summary>
    public uint RequestId => Header.Meta;

    /// <summary>The request payload: the finished FlatBuffer of the request table, exactly <see cref="RpcHeader.Size"/> bytes.</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>The request payload as an array segment (the array may hold other frames around it), for FlatBuffers' <c>ByteBuffer</c>.</summary>
    public ArraySegment<byte> PayloadSegment => _payload;

    /// <summary>
    /// The metadata the request carried in its payload headers (W3C <c>traceparent</c>/<c>tracestate</c>, and what
    /// the caller set with <c>RpcCallOptions.Metadata</c>), read-only and sorted by key;
    /// <see cref="RpcMetadata.Empty"/> when the request had none (every C++ and Go smf client).
    /// </summary>
    public RpcMetadata RequestMetadata => DecodeBuffers.Metadata ?? RpcMetadata.Empty;

    internal ServerShard Shard { get; }

    internal ServerConnection? Connection { get; private set; }

    internal RecvBuffer? PayloadOwner { get; private set; }

    internal long ReservedBytes { get; private set; }

    internal long StartTimestamp { get; set; }

    internal Diagnostics.Internal.MethodTelemetry? Telemetry { get; set; }

    internal System.Diagnostics.Activity? Activity { get; set; }

    internal System.Diagnostics.Activity? PreviousActivity { get; set; }

    internal uint ReplyStatus { get; private set; }

    internal long ReplySize { get; private set; }

    internal DecodeBuffers DecodeBuffers { get; } = new();

    internal bool VerifyRequest => _entry!.VerifyRequests;

    internal Interceptors.RpcInterceptor[] Interceptors => Shard.Options.InterceptorArray;

    /// <summary>
    /// The shard's reply builder, cleared. Build and <c>Finish</c> the response in it and pass it to
    /// <see cref="Reply(RpcStatus, FlatBufferBuilder, CompressionFlags)"/> without awaiting in between: every handler
    /// of the shard shares it.
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
    /// <param name="status">The status; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    /// <param name="payload">The finished FlatBuffer of the response table; empty is sent as an empty table.</param>
    /// <param name="compression"><see cref="CompressionFlags.Disabled"/> keeps the outgoing filters from compressing the reply.</param>
    /// <returns>The reply to return from a raw handler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compression"/> is neither none nor disabled.</exception>
    public RpcReply Reply(RpcStatus status, ReadOnlySpan<byte> payload, CompressionFlags compression = CompressionFlags.None)
    {
        _reply.Clear();
        _reply.Write(payload);
        return new RpcReply(status, _reply.WrittenMemory, compression);
    }

    /// <summary>Makes a reply from a finished builder (typically <see cref="GetReplyBuilder"/>); the bytes are copied at once.</summary>
    /// <param name="status">The status; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    /// <param name="finishedBuilder">A builder on which <c>Finish</c> was called.</param>
    /// <param name="compression"><see cref="CompressionFlags.Disabled"/> keeps the outgoing filters from compressing the reply.</param>
    /// <returns>The reply to return from a raw handler.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compression"/> is neither none nor disabled.</exception>
    public RpcReply Reply(RpcStatus status, FlatBufferBuilder finishedBuilder, CompressionFlags compression = CompressionFlags.None)
    {
        ArgumentNullException.ThrowIfNull(finishedBuilder);
        var buffer = finishedBuilder.DataBuffer;
        var bytes = buffer.ToArraySegment(buffer.Position, buffer.Length - buffer.Position);
        return Reply(status, bytes.AsSpan(), compression);
    }

    /// <summary>The accessor of the request table, reading the payload in place.</summary>
    internal T GetRequest<T>()
        where T : struct, IFlatbufferObject
    {
        var array = _payload.Array!;
        if (!ReferenceEquals(_allocator.Buffer, array))
        {
            _allocator.Reset(array);
        }

        T table = default;
        table.__init(_byteBuffer.GetInt(_payload.Offset) + _payload.Offset, _byteBuffer);
        return table;
    }

    internal void RejectInvalidRequest(Type requestType, string? reason)
    {
        Shard.Counters.InvalidRequests++;
        Shard.LogInvalidRequest(this, requestType, reason);
    }

    internal void Begin(ServerConnection connection, RpcMethodEntry entry, RpcHeader header, ArraySegment<byte> payload, RecvBuffer owner, long reservedBytes, CancellationToken connectionToken)
    {
        Connection = connection;
        _entry = entry;
        Header = header;
        _payload = payload;
        PayloadOwner = owner;
        owner.AddReference();
        ReservedBytes = reservedBytes;
        var timeout = Shard.Options.HandlerTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            Deadline = DateTimeOffset.MaxValue;
            CancellationToken = connectionToken;
            return;
        }

        // Only with a handler timeout: a token of the call's own that the connection's closing also cancels.
        var clock = Shard.Loop.TimeProvider;
        Deadline = clock.GetUtcNow() + timeout;
        _deadlineSource = new CancellationTokenSource(timeout, clock);
        _connectionRegistration = connectionToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _deadlineSource);
        CancellationToken = _deadlineSource.Token;
    }

    internal void Run()
    {
        ValueTask<RpcReply> pending;
        try
        {
            pending = _entry!.Authorization is { } policy ? CallAuthorizer.RunAsync(this, policy, _entry.Method.Handler) : _entry.Method.Handler(this);
        }
        catch (Exception e)
        {
            RestoreActivity();
            Finish(FailedReply(e));
            return;
        }

        RestoreActivity();

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
        _entry = null;
        Header = default;
        _payload = default;
        PayloadOwner?.Release();
        PayloadOwner = null;
        ReservedBytes = 0;
        CancellationToken = default;
        StartTimestamp = 0;
        Activity = null;
        PreviousActivity = null;
        Telemetry = null;
        ReplyStatus = 0;
        ReplySize = 0;
        Status = RpcStatus.Ok;
        ResponseCompression = CompressionFlags.None;
        if (_deadlineSource is not null)
        {
            _connectionRegistration.Dispose();
            _connectionRegistration = default;
            _deadlineSource.Dispose();
            _deadlineSource = null;
        }

        _reply.Clear(MaxRetainedBytes);
        DecodeBuffers.Clear();
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

        Finish(reply);
    }

    private void Finish(in RpcReply reply)
    {
        ReplyStatus = reply.Status == 0 ? (uint)RpcStatus.Ok : (uint)reply.Status;
        ReplySize = reply.Payload.IsEmpty ? RpcReply.EmptyTable.Length : reply.Payload.Length;
        Connection!.CompleteCall(this, reply);
    }

    private void RestoreActivity()
    {
        if (Activity is not null)
        {
            System.Diagnostics.Activity.Current = PreviousActivity;
            PreviousActivity = null;
        }
    }

    private RpcReply FailedReply(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            Shard.LogStatusException(this, rpc);
            return RpcReply.WithStatus(rpc.Status);
        }

        if (exception is OperationCanceledException && _deadlineSource is { IsCancellationRequested: true } && !Connection!.IsClosed)
        {
            // The handler gave up at its deadline (HandlerTimeout), not because the connection closed.
            Shard.LogStatusException(this, new RpcException(RpcStatus.RequestTimeout, $"The handler did not finish within {Shard.Options.HandlerTimeout}."));
            return RpcReply.WithStatus(RpcStatus.RequestTimeout);
        }

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
