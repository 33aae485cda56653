using Smf.Client;
using Smf.Transport;

namespace Smf.Hosting;

/// <summary>
/// Settings of one named smf client, bound from the configuration section <c>Smf:Clients:&lt;name&gt;</c> (see
/// <see cref="SectionPrefix"/>) and then from the delegate given to <c>AddSmfClient</c>. They are checked when the host
/// starts; a bad value fails startup with a message that names its configuration key and the value. Each property
/// becomes the <see cref="RpcClientOptions"/> member of the same name, or for a client over many servers the
/// <see cref="Smf.Balancing.RpcChannelOptions"/> one, which documents it in full.
/// </summary>
public sealed partial class SmfClientOptions
{
    /// <summary>The configuration section that holds one subsection per client name: <c>Smf:Clients</c>.</summary>
    public const string SectionPrefix = "Smf:Clients";

    /// <summary>
    /// The server: <c>host:port</c> (<c>127.0.0.1:20776</c>, <c>kvstore.internal:20776</c>, <c>[::1]:20776</c>) or
    /// <c>unix:/path/to/socket</c>, called through one <see cref="RpcClient"/>; or a service-discovery name,
    /// <c>smf://kvstore</c> (configuration: <c>Services:kvstore:smf:0</c>, …) or <c>smf://kvstore.default.svc.cluster.local:20776</c>
    /// (DNS, with <c>AddSmfDnsServiceEndpointProvider</c>), resolved by the host's <c>ServiceEndpointResolver</c>
    /// (<c>AddServiceDiscovery</c>) and called through an <see cref="Smf.Balancing.RpcChannel"/> over what it resolves.
    /// Required unless <see cref="Endpoints"/> is set, and not allowed with it.
    /// </summary>
    public string? Address { get; set; }

    /// <summary>How the connection does socket I/O. Defaults to <see cref="RpcTransport.Auto"/>.</summary>
    public RpcTransport Transport { get; set; } = RpcTransport.Auto;

    /// <summary>The most calls waiting for replies at once, 1 to 65536. Defaults to 1024.</summary>
    public int MaxCallsInFlight { get; set; } = 1024;

    /// <summary>The deadline of calls that give none. Defaults to 60 s; <c>-00:00:00.001</c> in configuration for none.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one connection attempt may take. Defaults to 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest reply payload accepted, in bytes. Defaults to 64 MiB.</summary>
    public int MaxReplyPayloadSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>The connection's receive buffer, 4 KiB to 16 MiB. Defaults to 64 KiB.</summary>
    public int ReceiveBufferSize { get; set; } = 64 * 1024;

    /// <summary>Unsent request bytes above which the client stops reading replies. Defaults to 4 MiB.</summary>
    public long OutputPauseThreshold { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Whether the client reconnects in the background after its connection fails (<see cref="RpcReconnectPolicy"/>).
    /// Defaults to <see langword="false"/>: the next call connects again. A client over many servers ignores it: it
    /// always brings a failed endpoint back in the background, on <see cref="ReconnectDelays"/> when they are given.
    /// </summary>
    public bool Reconnect { get; set; }

    /// <summary>
    /// Whether requests carry smf payload headers with the trace context and call metadata
    /// (<see cref="RpcClientOptions.SendPayloadHeaders"/>); only for Smf.Runtime servers: C++ and Go smf servers close
    /// such connections. Defaults to <see langword="false"/>.
    /// </summary>
    public bool SendPayloadHeaders { get; set; }

    /// <summary>
    /// A file the client's call-latency HdrHistogram is written to (smf's <c>clients_latency.hgrm</c> text format) when
    /// the host stops; setting it makes the client record the histogram
    /// (<see cref="RpcClientOptions.RecordLatencyHistograms"/>). Defaults to <see langword="null"/>: none.
    /// </summary>
    public string? LatencyHistogramPath { get; set; }

    /// <summary>
    /// The waits before each reconnection attempt when <see cref="Reconnect"/> is on, or before each attempt to bring
    /// back a failed endpoint of a client over many servers. Defaults to empty: smf's backoff (1 s, 3 s, 5 s, … 30 min),
    /// and over many servers <see cref="Smf.Balancing.RpcChannelOptions.ReconnectPolicy"/>'s 0.25 s to 10 s.
    /// </summary>
    public IList<TimeSpan> ReconnectDelays { get; } = [];

    /// <summary>The upper bound of the random time added to each reconnection delay. Defaults to 1 s.</summary>
    public TimeSpan ReconnectJitter { get; set; } = TimeSpan.FromSeconds(1);
}
