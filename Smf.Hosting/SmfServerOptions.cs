using Smf.Server;
using Smf.Sharding;
using Smf.Transport;

namespace Smf.Hosting;

/// <summary>
/// Settings of the hosted smf server, bound from the configuration section <see cref="SectionName"/>
/// (<c>Smf:Server</c>) and then from the delegate given to <c>AddSmfServer</c>. They are checked when the host
/// starts: a bad value fails startup with a message that names its configuration key and the value.
/// </summary>
/// <remarks>
/// The shard settings (<see cref="Shards"/>, <see cref="PinToCpus"/>, <see cref="IdlePollDuration"/>) become the
/// <see cref="ShardGroupOptions"/> of the group the host creates; the rest become the <see cref="RpcServerOptions"/>,
/// whose documentation gives each limit's meaning in full. In configuration, a <see cref="TimeSpan"/> is written
/// <c>"00:00:30"</c>, and <see cref="Timeout.InfiniteTimeSpan"/> is written <c>"-00:00:00.001"</c>.
/// </remarks>
public sealed partial class SmfServerOptions
{
    /// <summary>The configuration section the options are bound from: <c>Smf:Server</c>.</summary>
    public const string SectionName = "Smf:Server";

    /// <summary>
    /// The IP address to listen on, e.g. <c>127.0.0.1</c>, <c>0.0.0.0</c> (every IPv4 interface) or <c>::</c>;
    /// <c>localhost</c> means the IPv4 loopback. Defaults to <c>127.0.0.1</c>.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The TCP port, 0 to 65535; 0 picks a free one (see <see cref="SmfServer.LocalEndPoint"/>). Defaults to 11225, smf's port.</summary>
    public int Port { get; set; } = 11225;

    /// <summary>The number of shards (event-loop threads), 1 to 1024. Defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int Shards { get; set; } = Environment.ProcessorCount;

    /// <summary>Whether each shard thread pins itself to one CPU (<see cref="ShardGroupOptions.PinToCpus"/>). Defaults to <see langword="true"/>.</summary>
    public bool PinToCpus { get; set; } = true;

    /// <summary>How long an idle shard polls before it blocks (<see cref="ShardGroupOptions.IdlePollDuration"/>). Defaults to <see cref="TimeSpan.Zero"/>.</summary>
    public TimeSpan IdlePollDuration { get; set; } = TimeSpan.Zero;

    /// <summary>How shards do socket I/O (<see cref="RpcServerOptions.Transport"/>). Defaults to <see cref="RpcTransport.Auto"/>.</summary>
    public RpcTransport Transport { get; set; } = RpcTransport.Auto;

    /// <summary>Whether typed methods verify requests before their handlers (<see cref="RpcServerOptions.VerifyRequests"/>). Defaults to <see langword="true"/>.</summary>
    public bool VerifyRequests { get; set; } = true;

    /// <summary>The largest request payload accepted, in bytes (<see cref="RpcServerOptions.MaxFrameSize"/>). Defaults to 64 MiB.</summary>
    public int MaxFrameSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>The request bytes one shard may hold in flight (<see cref="RpcServerOptions.MaxInFlightBytesPerShard"/>). Defaults to 512 MiB.</summary>
    public long MaxInFlightBytesPerShard { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The in-flight bytes one connection may hold (<see cref="RpcServerOptions.MaxInFlightBytesPerConnection"/>).
    /// Defaults to <see langword="null"/>: a quarter of <see cref="MaxInFlightBytesPerShard"/>.
    /// </summary>
    public long? MaxInFlightBytesPerConnection { get; set; }

    /// <summary>How long a connection may wait for in-flight budget (<see cref="RpcServerOptions.BudgetWaitTimeout"/>). Defaults to 30 s.</summary>
    public TimeSpan BudgetWaitTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection's receive buffer, 4 KiB to 16 MiB (<see cref="RpcServerOptions.ReceiveBufferSize"/>). Defaults to 32 KiB.</summary>
    public int ReceiveBufferSize { get; set; } = 32 * 1024;

    /// <summary>Unsent reply bytes above which a connection stops reading (<see cref="RpcServerOptions.OutputPauseThreshold"/>). Defaults to 4 MiB.</summary>
    public long OutputPauseThreshold { get; set; } = 4L * 1024 * 1024;

    /// <summary>How long the rest of a frame may take to arrive (<see cref="RpcServerOptions.BodyReceiveTimeout"/>). Defaults to 60 s.</summary>
    public TimeSpan BodyReceiveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a connection may stay idle (<see cref="RpcServerOptions.IdleTimeout"/>). Defaults to <see cref="Timeout.InfiniteTimeSpan"/>: never closed for idling.</summary>
    public TimeSpan IdleTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long a handler may run (<see cref="RpcServerOptions.HandlerTimeout"/>). Defaults to <see cref="Timeout.InfiniteTimeSpan"/>: no limit.</summary>
    public TimeSpan HandlerTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>
    /// How long replies may wait for the cross-shard calls their connection's handlers made, so that a read's replies
    /// leave together (<see cref="RpcServerOptions.CrossShardReplyWait"/>). Defaults to 200 µs; zero writes at once.
    /// </summary>
    public TimeSpan CrossShardReplyWait { get; set; } = TimeSpan.FromMicroseconds(200);

    /// <summary>The most connections open at once over all shards (<see cref="RpcServerOptions.MaxConnections"/>). Defaults to 10000.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// How long the server keeps serving after the host begins to stop, while the health check reports it unhealthy and
    /// the health service answers <c>NotServing</c>, so that load balancers send their new calls elsewhere before it stops
    /// accepting. Part of the host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>); the drain gets the rest.
    /// Defaults to <see cref="TimeSpan.Zero"/>: stop accepting at once.
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Whether the server also serves the smf health service (<c>Smf.Health.HealthService</c>, request id 3277573048),
    /// which answers <c>Serving</c> or <c>NotServing</c> for the server and for each service by name. Defaults to
    /// <see langword="true"/>.
    /// </summary>
    public bool EnableHealthService { get; set; } = true;

    /// <summary>
    /// How long a shard may leave a heartbeat queued on its event loop before the health check reports it stalled
    /// (degraded): a handler or <see cref="Sharded{T}"/> call that blocks its thread stops the shard from serving
    /// anything else. The host posts a heartbeat to every shard a fifth of this often. Defaults to 5 s; at least 10 ms.
    /// </summary>
    public TimeSpan ShardStallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The TCP port of a Prometheus scrape endpoint (<c>http://Address:MetricsPort/metrics</c>, smf's admin port is
    /// 33140) serving the <c>Smf.Server</c> and <c>Smf.Client</c> meters in the Prometheus text format, 1 to 65535.
    /// Defaults to <see langword="null"/>: no endpoint. See docs/observability.md.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// Whether the server keeps an HdrHistogram of handler latency per method (<see cref="RpcServerOptions.RecordLatencyHistograms"/>).
    /// Defaults to <see langword="false"/>; setting <see cref="LatencyHistogramDirectory"/> turns it on.
    /// </summary>
    public bool RecordLatencyHistograms { get; set; }

    /// <summary>
    /// A directory where the host writes the latency histograms as <c>.hgrm</c> files when the server stops
    /// (<c>server_latency.hgrm</c> and one per method). Defaults to <see langword="null"/>: none written.
    /// </summary>
    public string? LatencyHistogramDirectory { get; set; }
}
