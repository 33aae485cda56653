using Smf.Protocol;

namespace Smf.Server;

/// <summary>
/// What a raw handler answers: a status and the reply payload (a finished FlatBuffer).
/// </summary>
/// <remarks>
/// The server copies <see cref="Payload"/> into the connection's output as soon as the handler's task completes, so
/// the memory only has to stay valid until then; <see cref="RpcCallContext.Reply(RpcStatus, ReadOnlySpan{byte}, CompressionFlags)"/>
/// makes a reply whose payload the context owns. An empty payload is sent as an empty table (12 bytes), because smf
/// peers reject empty payloads.
/// </remarks>
public readonly struct RpcReply
{
    private readonly RpcStatus _status;

    /// <summary>Creates a reply over memory that stays valid until the server has copied it.</summary>
    /// <param name="status">The status; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    /// <param name="payload">The finished FlatBuffer of the response table; empty is sent as an empty table.</param>
    /// <param name="compression">
    /// <see cref="CompressionFlags.None"/> (the default) lets the outgoing filters compress the reply;
    /// <see cref="CompressionFlags.Disabled"/> asks them not to, and is sent as is.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compression"/> is neither none nor disabled.</exception>
    public RpcReply(RpcStatus status, ReadOnlyMemory<byte> payload, CompressionFlags compression = CompressionFlags.None)
    {
        if (compression is not (CompressionFlags.None or CompressionFlags.Disabled))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, $"A reply may ask for '{CompressionFlags.None}' or '{CompressionFlags.Disabled}' only; the outgoing filters choose the compression.");
        }

        _status = status;
        Payload = payload;
        Compression = compression;
    }

    /// <summary>The status to send: <see cref="RpcStatus.Ok"/> for 0, and for <c>default(RpcReply)</c>.</summary>
    public RpcStatus Status => _status == 0 ? RpcStatus.Ok : _status;

    /// <summary>The reply payload; empty is sent as an empty table.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary><see cref="CompressionFlags.Disabled"/> when the outgoing filters must not compress this reply.</summary>
    public CompressionFlags Compression { get; }

    /// <summary>A reply with <paramref name="status"/> and an empty table as payload, e.g. the 404 of a missing key.</summary>
    /// <param name="status">The status; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    public static RpcReply WithStatus(RpcStatus status) => new(status, ReadOnlyMemory<byte>.Empty);

    /// <summary>The finished FlatBuffer of a table with no fields set (root offset, 4-byte vtable, table).</summary>
    internal static ReadOnlySpan<byte> EmptyTable => [8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0];
}
