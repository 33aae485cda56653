using System.Buffers;

namespace Smf.Protocol.Filters;

/// <summary>
/// A step of the incoming filter chain: sees every received frame after its header and checksum were
/// validated and before the handler (server) or caller (client) sees it, in the order configured.
/// </summary>
/// <remarks>Implementations are shared by every shard and connection: they must be thread-safe.</remarks>
public interface IIncomingFrameFilter
{
    /// <summary>Rewrites a received frame, or leaves it alone.</summary>
    /// <param name="header">The frame's header; a filter that rewrites the payload updates compression, size and checksum.</param>
    /// <param name="payload">The payload as it stands after the earlier filters.</param>
    /// <param name="output">Where a filter that rewrites the payload writes the new payload.</param>
    /// <returns><see langword="true"/> when the filter wrote a new payload to <paramref name="output"/>; otherwise <see langword="false"/>.</returns>
    /// <exception cref="InvalidDataException">The payload cannot be decoded; the receiver closes the connection.</exception>
    bool TryApply(ref RpcHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> output);

    /// <summary>
    /// The size <paramref name="payload"/> decodes to, read from the frame without decoding it, so a receiver can
    /// refuse or budget for it before any memory is taken. The default answers <see langword="null"/>: the filter does
    /// not decode such frames. A filter that decodes a frame must answer its exact size; <see cref="TryApply"/> then
    /// rejects a payload that decodes to more.
    /// </summary>
    /// <param name="header">The frame's header, as <see cref="TryApply"/> would see it.</param>
    /// <param name="payload">The payload as it stands after the earlier filters.</param>
    /// <returns>The decoded size in bytes, or <see langword="null"/> when this filter leaves the frame alone.</returns>
    /// <exception cref="InvalidDataException">The filter decodes such frames but the payload does not say its size.</exception>
    long? GetDecodedSize(in RpcHeader header, ReadOnlySpan<byte> payload) => null;
}
