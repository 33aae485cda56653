using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Smf.Internal;
using Smf.Protocol.Filters;
using Smf.Transport;

namespace Smf.Server;

/// <summary>
/// Settings of an <see cref="RpcServer"/>. The server copies and validates them once, in its constructor; later
/// changes have no effect on it. The shards it runs on are a <see cref="Sharding.ShardGroup"/> of their own settings.
/// </summary>
public sealed partial class RpcServerOptions
{
    /// <summary>The address to listen on. Defaults to <see cref="IPAddress.Loopback"/>.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The TCP port, 0 to 65535; 0 picks a free port (read it from <see cref="RpcServer.LocalEndPoint"/>). Defaults to 11225, smf's port.</summary>
    public int Port { get; set; } = 11225;

    /// <summary>How shards do socket I/O. Defaults to <see cref="RpcTransport.Auto"/> (epoll on Linux).</summary>
    public RpcTransport Transport { get; set; } = RpcTransport.Auto;

    /// <summary>
    /// Whether typed methods verify each request before their handler runs; a request that fails is answered
    /// <see cref="RpcStatus.BadRequest"/> and counted, and never reaches the handler. A service can decide for itself
    /// with <see cref="RpcService.VerifyRequests"/>. Defaults to <see langword="true"/>; turn it off only for peers
    /// you trust (docs/benchmarks.md measures the cost).
    /// </summary>
    public bool VerifyRequests { get; set; } = true;

    /// <summary>The largest request payload accepted, in bytes (header excluded); a larger frame closes the connection. Defaults to 64 MiB.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The request bytes one shard may hold in flight (received or being received, not yet answered). When a frame
    /// does not fit, its connection stops reading until memory frees; a frame larger than the whole budget closes its
    /// connection. Defaults to 512 MiB.
    /// </summary>
    public long MaxInFlightBytesPerShard { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The most in-flight bytes one connection may hold (received and not yet answered, decompressed bytes included),
    /// so one client cannot take a shard's whole budget; a connection over it stops reading until its own calls
    /// finish. A single frame larger than this is still served when its connection has nothing else in flight.
    /// <see langword="null"/> (the default) means a quarter of <see cref="MaxInFlightBytesPerShard"/>.
    /// </summary>
    public long? MaxInFlightBytesPerConnection { get; set; }

    /// <summary>
    /// How long a connection may wait for the shard's in-flight budget before it is closed (counted as a timeout).
    /// Defaults to 30 s; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    public TimeSpan BudgetWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The size of a connection's receive buffer, in bytes: one read takes at most this much, and a frame that does
    /// not fit gets a buffer of its own. Idle connections hold none. Defaults to 32 KiB; 4 KiB to 16 MiB.
    /// </summary>
    public int ReceiveBufferSize { get; set; } = 32 * 1024;

    /// <summary>
    /// How many reply bytes may wait for a client that does not read them before the server stops reading that
    /// client's requests (it resumes once they are written). Defaults to 4 MiB.
    /// </summary>
    public long OutputPauseThreshold { get; set; } = 4L * 1024 * 1024;

    /// <summary>How long the rest of a frame may take to arrive once its first byte did; then the connection closes. Defaults to 60 s, smf's default.</summary>
    public TimeSpan BodyReceiveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a connection may stay open with no request in flight and no bytes arriving; then it closes.
    /// <see cref="Timeout.InfiniteTimeSpan"/> (the default) disables it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long a handler may run: its <see cref="RpcCallContext.CancellationToken"/> is cancelled then and
    /// <see cref="RpcCallContext.Deadline"/> says when. Defaults to <see cref="Timeout.InfiniteTimeSpan"/>: no limit
    /// (a finite one costs one timer per call).
    /// </summary>
    public TimeSpan HandlerTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long a connection's replies may wait, while calls its handlers made to other shards
    /// (<see cref="Sharding.Sharded{T}.InvokeOnAsync{TState, TResult}(int, TState, Func{T, TState, TResult})"/> and its
    /// overloads) are still out, for those calls' replies, so that the replies to one read leave in one write instead
    /// of two (a client then sends its next requests together too). A reply that waits is delayed by at most this
    /// while the shard is busy, and by about a millisecond more when the shard has nothing else to do. Defaults to
    /// 200 µs; <see cref="TimeSpan.Zero"/> writes replies as soon as they are ready.
    /// </summary>
    public TimeSpan CrossShardReplyWait { get; set; } = TimeSpan.FromMicroseconds(200);

    /// <summary>The most connections open at once over all shards; further ones are closed on accept. Defaults to 10000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// How long <see cref="RpcServer.StopAsync(CancellationToken)"/> and <see cref="RpcServer.DisposeAsync"/> let in-flight
    /// handlers finish before closing connections. Defaults to 10 s.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

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

    /// <summary>
    /// Where the <c>Smf.Server</c> meter comes from; Smf.Hosting passes the host's. Defaults to <see langword="null"/>:
    /// the server creates its own meter and disposes it with itself.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Whether the server keeps an HdrHistogram of handler latency per method, written as <c>.hgrm</c> files by
    /// <see cref="RpcServer.WriteLatencyHistograms(string)"/>. Costs a few nanoseconds per call. Defaults to <see langword="false"/>.
    /// </summary>
    public bool RecordLatencyHistograms { get; set; }

    /// <summary>
    /// The most metadata entries a request's payload headers may hold; a request with more closes its connection.
    /// Defaults to 64; 0 to 4096.
    /// </summary>
    public int MaxRequestMetadataCount { get; set; } = 64;

    /// <summary>
    /// The largest payload headers table a request may carry, in bytes; a larger one closes its connection. Defaults to
    /// 16 KiB; 0 to 1 MiB.
    /// </summary>
    public int MaxRequestMetadataSize { get; set; } = 16 * 1024;

    /// <summary>A copy of these settings, after checking them; <see cref="RpcTransport.Auto"/> is resolved.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it and the value.</exception>
    /// <exception cref="ArgumentException">A filter list holds null.</exception>
    /// <exception cref="PlatformNotSupportedException">The epoll transport was asked for off Linux.</exception>
    internal RpcServerOptions Clone()
    {
        Validate();
        var copy = new RpcServerOptions
        {
            Address = Address,
            Port = Port,
            Transport = OptionCheck.Resolve(Transport),
            VerifyRequests = VerifyRequests,
            MaxFrameSize = MaxFrameSize,
            MaxInFlightBytesPerShard = MaxInFlightBytesPerShard,
            MaxInFlightBytesPerConnection = MaxInFlightBytesPerConnection ?? Math.Max(1, MaxInFlightBytesPerShard / 4),
            BudgetWaitTimeout = BudgetWaitTimeout,
            ReceiveBufferSize = ReceiveBufferSize,
            OutputPauseThreshold = OutputPauseThreshold,
            BodyReceiveTimeout = BodyReceiveTimeout,
            IdleTimeout = IdleTimeout,
            HandlerTimeout = HandlerTimeout,
            CrossShardReplyWait = CrossShardReplyWait,
            MaxConnections = MaxConnections,
            DrainTimeout = DrainTimeout,
            LoggerFactory = LoggerFactory,
            MeterFactory = MeterFactory,
            RecordLatencyHistograms = RecordLatencyHistograms,
            MaxRequestMetadataCount = MaxRequestMetadataCount,
            MaxRequestMetadataSize = MaxRequestMetadataSize,
        };
        OptionCheck.CopyFilters(IncomingFilters, OutgoingFilters, copy.IncomingFilters, copy.OutgoingFilters);

        CopySecurityTo(copy);
        return copy;
    }

    private void Validate()
    {
        const string options = nameof(RpcServerOptions);
        OptionCheck.NotNull(Address, options, nameof(Address));
        OptionCheck.Range(Port is >= 0 and <= 65535, options, nameof(Port), Port, "must be between 0 and 65535");
        OptionCheck.Range(Enum.IsDefined(Transport), options, nameof(Transport), Transport, "is not a transport");
        OptionCheck.Range(MaxFrameSize > 0, options, nameof(MaxFrameSize), MaxFrameSize, "must be positive");
        OptionCheck.Range(MaxInFlightBytesPerShard > 0, options, nameof(MaxInFlightBytesPerShard), MaxInFlightBytesPerShard, "must be positive");
        OptionCheck.Range(MaxInFlightBytesPerConnection is null or > 0, options, nameof(MaxInFlightBytesPerConnection), MaxInFlightBytesPerConnection, "must be positive");
        OptionCheck.Timeout(BudgetWaitTimeout, options, nameof(BudgetWaitTimeout));
        OptionCheck.Range(ReceiveBufferSize is >= 4096 and <= 16 * 1024 * 1024, options, nameof(ReceiveBufferSize), ReceiveBufferSize, "must be between 4096 and 16777216 bytes");
        OptionCheck.Range(OutputPauseThreshold > 0, options, nameof(OutputPauseThreshold), OutputPauseThreshold, "must be positive");
        OptionCheck.Timeout(BodyReceiveTimeout, options, nameof(BodyReceiveTimeout));
        OptionCheck.Timeout(IdleTimeout, options, nameof(IdleTimeout));
        OptionCheck.Timeout(HandlerTimeout, options, nameof(HandlerTimeout));
        OptionCheck.Timeout(CrossShardReplyWait, options, nameof(CrossShardReplyWait), zeroAllowed: true, infiniteAllowed: false);
        OptionCheck.Range(MaxConnections > 0, options, nameof(MaxConnections), MaxConnections, "must be positive");
        OptionCheck.Timeout(DrainTimeout, options, nameof(DrainTimeout), zeroAllowed: true, infiniteAllowed: false);
        OptionCheck.Range(MaxRequestMetadataCount is >= 0 and <= 4096, options, nameof(MaxRequestMetadataCount), MaxRequestMetadataCount, "must be between 0 and 4096");
        OptionCheck.Range(MaxRequestMetadataSize is >= 0 and <= 1024 * 1024, options, nameof(MaxRequestMetadataSize), MaxRequestMetadataSize, "must be between 0 and 1048576 bytes");
        OptionCheck.Filters(IncomingFilters, OutgoingFilters, options);
        OptionCheck.Transport(Transport, options);
    }
}
