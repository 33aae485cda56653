using System.Buffers;

namespace Smf.Protocol.Filters;

/// <summary>
/// A step of the outgoing filter chain: sees every frame about to be sent, in the order configured.
/// </summary>
/// <remarks>Implementations are shared by every shard and connection: they must be thread-safe.</remarks>
public interface IOutgoingFrameFilter
{
    /// <summary>Rewrites a frame about to be sent, or leaves it alone.</summary>
    /// <param name="header">The frame's header; a filter that rewrites the payload updates compression, size and checksum.</param>
    /// <param name="payload">The payload as it stands after the earlier filters.</param>
    /// <param name="output">Where a filter that rewrites the payload writes the new payload.</param>
    /// <returns><see langword="true"/> when the filter wrote a new payload to <paramref name="output"/>; otherwise <see langword="false"/>.</returns>
    bool TryApply(ref RpcHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> output);
}
