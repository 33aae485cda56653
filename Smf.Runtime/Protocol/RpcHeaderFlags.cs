namespace Smf.Protocol;

/// <summary>The bits of <see cref="RpcHeader.BitFlags"/> (smf's <c>header_bitflags</c>).</summary>
public static class RpcHeaderFlags
{
    /// <summary>
    /// Bit 0, <c>has_payload_headers</c>: the payload starts with a size-prefixed <c>payload_headers</c> FlatBuffer
    /// (metadata and the size, checksum and compression of the message that follows it). Smf.Runtime's server accepts
    /// it; its client sends it only when <see cref="Client.RpcClientOptions.SendPayloadHeaders"/> is set, because C++
    /// and Go smf servers close connections that set it. Layout: docs/observability.md.
    /// </summary>
    public const byte HasPayloadHeaders = 0x01;
}
