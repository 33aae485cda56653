using Smf.Client;

namespace Smf.Balancing;

/// <summary>
/// What generated clients call to route a method's calls: the key from the request field marked
/// <c>(routing_key)</c> unless the caller gave one, and the method's <c>(idempotent)</c> mark.
/// </summary>
public static class RpcRouting
{
    /// <summary>The call's options with <paramref name="key"/> as its routing key unless one is set, and the idempotent mark.</summary>
    /// <param name="options">The caller's options.</param>
    /// <param name="key">The request's key field; <see langword="null"/> (no request, or the field absent) leaves the call unkeyed.</param>
    /// <param name="idempotent">Whether the method is marked <c>(idempotent)</c>; <see langword="false"/> keeps the caller's setting.</param>
    /// <returns>The options to send with.</returns>
    public static RpcCallOptions Route(in RpcCallOptions options, string? key, bool idempotent) =>
        Route(options, RpcRoutingKey.From(key), idempotent);

    /// <summary>The call's options with an integer <paramref name="key"/> unless one is set, and the idempotent mark.</summary>
    /// <param name="options">The caller's options.</param>
    /// <param name="key">The request's key field; <see langword="null"/> leaves the call unkeyed.</param>
    /// <param name="idempotent">Whether the method is marked <c>(idempotent)</c>.</param>
    /// <returns>The options to send with.</returns>
    public static RpcCallOptions Route(in RpcCallOptions options, long? key, bool idempotent) =>
        Route(options, RpcRoutingKey.From(key), idempotent);

    /// <summary>The call's options with an unsigned integer <paramref name="key"/> unless one is set, and the idempotent mark.</summary>
    /// <param name="options">The caller's options.</param>
    /// <param name="key">The request's key field; <see langword="null"/> leaves the call unkeyed.</param>
    /// <param name="idempotent">Whether the method is marked <c>(idempotent)</c>.</param>
    /// <returns>The options to send with.</returns>
    public static RpcCallOptions Route(in RpcCallOptions options, ulong? key, bool idempotent) =>
        Route(options, RpcRoutingKey.From(key), idempotent);

    /// <summary>The call's options marked idempotent (for an idempotent method without a key field).</summary>
    /// <param name="options">The caller's options.</param>
    /// <returns>The options to send with.</returns>
    public static RpcCallOptions Idempotent(in RpcCallOptions options) => options.IsIdempotent ? options : options with { IsIdempotent = true };

    private static RpcCallOptions Route(in RpcCallOptions options, RpcRoutingKey key, bool idempotent)
    {
        var keyed = options.RoutingKey.IsNone && !key.IsNone;
        var marked = idempotent && !options.IsIdempotent;
        return (keyed, marked) switch
        {
            (false, false) => options,
            (true, false) => options with { RoutingKey = key },
            (false, true) => options with { IsIdempotent = true },
            _ => options with { RoutingKey = key, IsIdempotent = true },
        };
    }
}
