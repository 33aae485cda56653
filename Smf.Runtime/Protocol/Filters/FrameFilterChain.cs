using System.Buffers;

namespace Smf.Protocol.Filters;

/// <summary>Runs an ordered list of filters over one frame, alternating between two reusable buffers.</summary>
public static class FrameFilterChain
{
    /// <summary>Applies <paramref name="filters"/> in order to a received frame.</summary>
    /// <param name="filters">The incoming chain, first filter first.</param>
    /// <param name="header">The frame header, updated by the filters.</param>
    /// <param name="payload">The payload as received.</param>
    /// <param name="first">A buffer the result may end up in; cleared first.</param>
    /// <param name="second">The other buffer; cleared first.</param>
    /// <returns>The final payload: <paramref name="payload"/> itself when no filter applied, else memory of <paramref name="first"/> or <paramref name="second"/>.</returns>
    public static ReadOnlyMemory<byte> ApplyIncoming(
        IReadOnlyList<IIncomingFrameFilter> filters, ref RpcHeader header, ReadOnlyMemory<byte> payload, PooledBufferWriter first, PooledBufferWriter second)
        => Apply(filters, static (IIncomingFrameFilter filter, ref RpcHeader h, ReadOnlySpan<byte> p, IBufferWriter<byte> o) => filter.TryApply(ref h, p, o), ref header, payload, first, second);

    /// <summary>Applies <paramref name="filters"/> in order to a frame about to be sent.</summary>
    /// <param name="filters">The outgoing chain, first filter first.</param>
    /// <param name="header">The frame header, updated by the filters.</param>
    /// <param name="payload">The payload to send.</param>
    /// <param name="first">A buffer the result may end up in; cleared first.</param>
    /// <param name="second">The other buffer; cleared first.</param>
    /// <returns>The final payload: <paramref name="payload"/> itself when no filter applied, else memory of <paramref name="first"/> or <paramref name="second"/>.</returns>
    public static ReadOnlyMemory<byte> ApplyOutgoing(
        IReadOnlyList<IOutgoingFrameFilter> filters, ref RpcHeader header, ReadOnlyMemory<byte> payload, PooledBufferWriter first, PooledBufferWriter second)
        => Apply(filters, static (IOutgoingFrameFilter filter, ref RpcHeader h, ReadOnlySpan<byte> p, IBufferWriter<byte> o) => filter.TryApply(ref h, p, o), ref header, payload, first, second);

    private delegate bool FilterStep<TFilter>(TFilter filter, ref RpcHeader header, ReadOnlySpan<byte> payload, IBufferWriter<byte> output);

    private static ReadOnlyMemory<byte> Apply<TFilter>(
        IReadOnlyList<TFilter> filters, FilterStep<TFilter> step, ref RpcHeader header, ReadOnlyMemory<byte> payload, PooledBufferWriter first, PooledBufferWriter second)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var current = payload;
        var next = first;
        var other = second;
        for (var i = 0; i < filters.Count; i++)
        {
            next.Clear();
            if (step(filters[i], ref header, current.Span, next))
            {
                current = next.WrittenMemory;
                (next, other) = (other, next);
            }
        }

        return current;
    }
}
