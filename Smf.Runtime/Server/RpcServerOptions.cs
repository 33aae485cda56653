using System.Net;
using Microsoft.Extensions.Logging;
using Smf.Protocol.Filters;

namespace Smf.Server;

/// <summary>
/// Settings of an <see cref="RpcServer"/>. The server copies and validates them once, in its constructor;
/// later changes have no effect.
/// </summary>
public sealed class RpcServerOptions
{
    /// <summary>The address to listen on. Defaults to <see cref="IPAddress.Loopback"/>.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The TCP port, 0..65535; 0 picks a free port (read it from <see cref="RpcServer.LocalEndPoint"/>). Defaults to 11225, smf's port.</summary>
    public int Port { get; set; } = 11225;

    /// <summary>The number of shards (event-loop threads). Defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int ShardCount { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Whether each shard thread pins itself to the CPU of its id (Linux, and only when <see cref="ShardCount"/> does
    /// not exceed the CPU count). Defaults to <see langword="true"/>.
    /// </summary>
    public bool PinShards { get; set; } = true;

    /// <summary>How shards do socket I/O. Defaults to <see cref="RpcTransport.Auto"/> (epoll on Linux).</summary>
    public RpcTransport Transport { get; set; } = RpcTransport.Auto;

    /// <summary>The largest request payload accepted, in bytes (header excluded); a larger frame closes the connection. Defaults to 64 MiB.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The request bytes one shard may hold in flight (received or being received, not yet answered). When a frame
    /// does not fit, its connection stops reading until memory frees; a frame larger than the whole budget closes its
    /// connection. Defaults to 512 MiB.
    /// </summary>
    public long MaxInFlightBytesPerShard { get; set; } = 512L * 1024 * 1024;

    /// <summary>How long the rest of a frame may take to arrive once its first byte did; then the connection closes. Defaults to 60 s, smf's default.</summary>
    public TimeSpan BodyReceiveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a connection may stay open with no request in flight and no bytes arriving; then it closes.
    /// Independent of per-call deadlines. <see cref="Timeout.InfiniteTimeSpan"/> (the default) disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>The most connections open at once over all shards; further ones are closed on accept. Defaults to 10000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// How long <see cref="RpcServer.StopAsync(CancellationToken)"/> and <see cref="RpcServer.DisposeAsync"/> let in-flight
    /// handlers finish before closing connections. Defaults to 10 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long an idle shard keeps polling before it blocks in the kernel; spinning trades CPU for latency
    /// (waking a sleeping thread costs tens of microseconds). Defaults to <see cref="TimeSpan.Zero"/>: never spin.
    /// </summary>
    public TimeSpan IdlePollDuration { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Filters applied, in order, to every request after its checksum is verified and before its handler runs.
    /// Defaults to a <see cref="ZstdFrameFilter"/> and an <see cref="Lz4FrameFilter"/>, so compressed requests are
    /// decompressed; a compressed request that no filter decodes closes its connection.
    /// </summary>
    public IList<IIncomingFrameFilter> IncomingFilters { get; } = [new ZstdFrameFilter(), new Lz4FrameFilter()];

    /// <summary>Filters applied, in order, to every reply before it is sent, e.g. a <see cref="ZstdFrameFilter"/>. Defaults to none.</summary>
    public IList<IOutgoingFrameFilter> OutgoingFilters { get; } = [];

    /// <summary>Where the server logs; every line carries the shard id. Defaults to <see langword="null"/>: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal RpcServerOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(Address, nameof(Address));
        Check(Port is >= 0 and <= 65535, nameof(Port), Port, "must be between 0 and 65535");
        Check(ShardCount is >= 1 and <= 1024, nameof(ShardCount), ShardCount, "must be between 1 and 1024");
        Check(MaxFrameSize > 0, nameof(MaxFrameSize), MaxFrameSize, "must be positive");
        Check(MaxInFlightBytesPerShard > 0, nameof(MaxInFlightBytesPerShard), MaxInFlightBytesPerShard, "must be positive");
        Check(BodyReceiveTimeout > TimeSpan.Zero || BodyReceiveTimeout == Timeout.InfiniteTimeSpan, nameof(BodyReceiveTimeout), BodyReceiveTimeout, "must be positive or infinite");
        Check(IdleTimeout > TimeSpan.Zero || IdleTimeout == Timeout.InfiniteTimeSpan, nameof(IdleTimeout), IdleTimeout, "must be positive or infinite");
        Check(MaxConnections > 0, nameof(MaxConnections), MaxConnections, "must be positive");
        Check(DrainTimeout >= TimeSpan.Zero, nameof(DrainTimeout), DrainTimeout, "must not be negative");
        Check(IdlePollDuration >= TimeSpan.Zero, nameof(IdlePollDuration), IdlePollDuration, "must not be negative");
        Check(Enum.IsDefined(Transport), nameof(Transport), Transport, "is not a transport");
        if (Transport == RpcTransport.Epoll && !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"The '{RpcTransport.Epoll}' transport needs Linux; use '{RpcTransport.Auto}' or '{RpcTransport.Socket}'.");
        }

        var copy = new RpcServerOptions
        {
            Address = Address,
            Port = Port,
            ShardCount = ShardCount,
            PinShards = PinShards,
            Transport = Transport == RpcTransport.Auto ? (OperatingSystem.IsLinux() ? RpcTransport.Epoll : RpcTransport.Socket) : Transport,
            MaxFrameSize = MaxFrameSize,
            MaxInFlightBytesPerShard = MaxInFlightBytesPerShard,
            BodyReceiveTimeout = BodyReceiveTimeout,
            IdleTimeout = IdleTimeout,
            MaxConnections = MaxConnections,
            DrainTimeout = DrainTimeout,
            IdlePollDuration = IdlePollDuration,
            LoggerFactory = LoggerFactory,
        };
        copy.IncomingFilters.Clear();
        foreach (var filter in IncomingFilters)
        {
            copy.IncomingFilters.Add(filter ?? throw new ArgumentException("IncomingFilters contains null.", nameof(IncomingFilters)));
        }

        foreach (var filter in OutgoingFilters)
        {
            copy.OutgoingFilters.Add(filter ?? throw new ArgumentException("OutgoingFilters contains null.", nameof(OutgoingFilters)));
        }

        return copy;
    }

    private static void Check<TValue>(bool valid, string name, TValue value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"RpcServerOptions.{name} {rule}; '{value}' was given.");
        }
    }
}
