using Smf.Protocol;

namespace Smf.Server;

/// <summary>
/// What a handler answers: a status code and the reply payload (a finished FlatBuffer).
/// </summary>
/// <remarks>
/// The server copies <see cref="Payload"/> into the connection's output as soon as the handler's task
/// completes, so the memory only has to stay valid until then. <see cref="RpcCallContext.Reply(uint, ReadOnlySpan{byte}, CompressionFlags)"/>
/// makes a reply whose payload the context owns. A status of 0 is sent as 200 and an empty payload is sent
/// as an empty table (12 bytes), because smf peers reject both 0 and empty payloads.
/// </remarks>
public readonly struct RpcReply
{
    /// <summary>Creates a reply over memory that stays valid until the server has copied it.</summary>
    /// <param name="status">The status code; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    /// <param name="payload">The finished FlatBuffer of the response table; empty is sent as an empty table.</param>
    /// <param name="compression">
    /// <see cref="CompressionFlags.None"/> (the default) lets the outgoing filters compress the reply;
    /// <see cref="CompressionFlags.Disabled"/> asks them not to, and is sent as is.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="compression"/> is neither none nor disabled.</exception>
    public RpcReply(uint status, ReadOnlyMemory<byte> payload, CompressionFlags compression = CompressionFlags.None)
    {
        if (compression is not (CompressionFlags.None or CompressionFlags.Disabled))
        {
            throw new ArgumentOutOfRangeException(nameof(compression), compression, $"A reply may ask for '{CompressionFlags.None}' or '{CompressionFlags.Disabled}' only; the outgoing filters choose the compression.");
        }

        Status = status;
        Payload = payload;
        Compression = compression;
    }

    /// <summary>The status code to send; 0 is sent as <see cref="RpcStatus.Ok"/>.</summary>
    public uint Status { get; }

    /// <summary>The reply payload; empty is sent as an empty table.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary><see cref="CompressionFlags.Disabled"/> when the outgoing filters must not compress this reply.</summary>
    public CompressionFlags Compression { get; }

    /// <summary>A reply with <paramref name="status"/> and an empty table as payload, e.g. the 501 of an unimplemented method.</summary>
    /// <param name="status">The status code; 0 is sent as <see cref="RpcStatus.Ok"/>.</param>
    public static RpcReply WithStatus(uint status) => new(status, ReadOnlyMemory<byte>.Empty);

    /// <summary>The finished FlatBuffer of a table with no fields set (root offset, 4-byte vtable, table).</summary>
    internal static ReadOnlySpan<byte> EmptyTable => [8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0];
}
