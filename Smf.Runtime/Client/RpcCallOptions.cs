using Smf.Diagnostics;
using Smf.Protocol;

namespace Smf.Client;

/// <summary>
/// The settings of one call: its deadline, its cancellation and the compression hint of its request. The default
/// value uses the client's <see cref="RpcClient.CallTimeout"/>, no cancellation and lets the filters decide.
/// </summary>
public readonly record struct RpcCallOptions
{
    /// <summary>
    /// The deadline of the call, counted from the moment it is made (time spent connecting or waiting for a free
    /// slot included); <see cref="Timeout.InfiniteTimeSpan"/> for none. <see langword="null"/> (the default) uses
    /// <see cref="RpcClient.CallTimeout"/>.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Cancels the call; its session stays reserved until its late reply arrives or the connection closes.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Metadata sent with the request in its payload headers, read by the server from
    /// <c>RpcCallContext.RequestMetadata</c> (an authorization token, say). Needs
    /// <see cref="RpcClientOptions.SendPayloadHeaders"/>: without it a call with metadata fails with
    /// <see cref="InvalidOperationException"/>. Defaults to <see langword="null"/>: none.
    /// </summary>
    public RpcMetadata? Metadata { get; init; }

    /// <summary>
    /// The key an <see cref="Balancing.RpcChannel"/> routes this call by: every channel sends one key to the same
    /// endpoint (rendezvous hashing). Generated clients set it from the request field marked <c>(routing_key)</c> unless
    /// it is set here. Defaults to none: the channel's picker spreads the call. <see cref="RpcClient"/> ignores it.
    /// </summary>
    public Balancing.RpcRoutingKey RoutingKey { get; init; }

    /// <summary>
    /// Whether the call may be sent again to another endpoint after a connection failure, within its deadline
    /// (<see cref="Balancing.RpcChannelOptions.MaxAttempts"/>). Generated clients set it for methods marked
    /// <c>(idempotent)</c>. Defaults to <see langword="false"/>: the call fails with the connection error.
    /// <see cref="RpcClient"/> ignores it.
    /// </summary>
    public bool IsIdempotent { get; init; }

    /// <summary>
    /// <see cref="CompressionFlags.Disabled"/> keeps the outgoing filters from compressing this request. Defaults to
    /// <see cref="CompressionFlags.None"/>: the filters decide.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is neither none nor disabled.</exception>
    public CompressionFlags Compression
    {
        get;
        init
        {
            if (value is not (CompressionFlags.None or CompressionFlags.Disabled))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Only '{CompressionFlags.None}' or '{CompressionFlags.Disabled}' can be requested; the filters choose the compression.");
            }

            field = value;
        }
    }
}
