using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Smf.Internal;
using Smf.Protocol.Filters;
using Smf.Sharding;
using Smf.Transport;

namespace Smf.Client;

/// <summary>
/// Settings of an <see cref="RpcClient"/>. The client copies and validates them once, in its constructor;
/// changing the object afterwards has no effect on that client.
/// </summary>
public sealed partial class RpcClientOptions
{
    /// <summary>The largest value <see cref="MaxCallsInFlight"/> accepts: the number of distinct smf session ids.</summary>
    public const int MaxSessions = 65536;

    /// <summary>The server to connect to, e.g. <c>new IPEndPoint(IPAddress.Loopback, 20776)</c>. Required.</summary>
    public EndPoint? EndPoint { get; set; }

    /// <summary>
    /// The shards whose event loop does the connection's I/O. Defaults to <see langword="null"/>: a client created on
    /// a shard thread (inside a handler, say) uses that shard, with no thread hop; any other client uses a one-shard
    /// group the process owns. Given a group, a client created off its shards takes one of them round-robin.
    /// </summary>
    public ShardGroup? Shards { get; set; }

    /// <summary>How the connection does socket I/O. Defaults to <see cref="RpcTransport.Auto"/> (epoll on Linux).</summary>
    public RpcTransport Transport { get; set; } = RpcTransport.Auto;

    /// <summary>
    /// The most calls that may wait for their reply at once on the connection; further callers wait
    /// (within their own deadline) until a reply frees a slot. Defaults to 1024; 1 to <see cref="MaxSessions"/>.
    /// </summary>
    public int MaxCallsInFlight { get; set; } = 1024;

    /// <summary>
    /// The deadline of a call that does not give its own, counted from the moment the call is made (time
    /// spent connecting or waiting for a free slot included). Defaults to 60 seconds, smf's receive timeout;
    /// <see cref="Timeout.InfiniteTimeSpan"/> means no deadline.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one connection attempt may take. Defaults to 10 seconds; <see cref="Timeout.InfiniteTimeSpan"/> means no limit.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest reply payload accepted, in bytes, before and after decompression; a larger reply closes
    /// the connection. Defaults to 64 MiB.
    /// </summary>
    public int MaxReplyPayloadSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The size of the connection's receive buffer, in bytes; a reply that does not fit gets a buffer of its own.
    /// Defaults to 64 KiB; 4 KiB to 16 MiB.
    /// </summary>
    public int ReceiveBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// How many request bytes may wait for a server that does not read them before the client stops reading
    /// replies from it (it resumes once they are written). Defaults to 4 MiB.
    /// </summary>
    public long OutputPauseThreshold { get; set; } = 4L * 1024 * 1024;

    /// <summary>
    /// Background reconnection after the connection fails. Defaults to <see langword="null"/>: the next call
    /// connects again (as the first call connected). With a policy, calls made while it waits fail at once with
    /// <see cref="RpcConnectionException"/>, as gRPC's calls do in transient failure.
    /// </summary>
    public RpcReconnectPolicy? ReconnectPolicy { get; set; }

    /// <summary>
    /// The filters every request frame passes through before it is sent, first entry first, e.g.
    /// <see cref="ZstdFrameFilter"/> to compress large requests. Defaults to none. A request whose call options ask
    /// for <see cref="Smf.Protocol.CompressionFlags.Disabled"/> reaches them marked so.
    /// </summary>
    public IList<IOutgoingFrameFilter> OutgoingFilters { get; } = [];

    /// <summary>
    /// The filters every reply frame passes through after its header and checksum were validated, first
    /// entry first. Defaults to a <see cref="ZstdFrameFilter"/> and an <see cref="Lz4FrameFilter"/>, which
    /// decompress replies compressed either way; a compressed reply that no filter decompresses closes the
    /// connection.
    /// </summary>
    public IList<IIncomingFrameFilter> IncomingFilters { get; } = [new ZstdFrameFilter(), new Lz4FrameFilter()];

    /// <summary>The clock of call deadlines and reconnection delays. Defaults to <see cref="TimeProvider.System"/>; tests pass a fake clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs connects, disconnects and rejected replies. Defaults to <see langword="null"/>: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Whether requests carry smf's payload headers (header bit 0, <c>has_payload_headers</c>) with the W3C trace
    /// context of the call and its <see cref="RpcCallOptions.Metadata"/>. Only Smf.Runtime servers accept them: C++ and
    /// Go smf servers close a connection whose frames set the bit, so turn this on only for .NET servers. Defaults to
    /// <see langword="false"/>; then <see cref="RpcCallOptions.Metadata"/> cannot be used.
    /// </summary>
    public bool SendPayloadHeaders { get; set; }

    /// <summary>
    /// Where the <c>Smf.Client</c> meter comes from; Smf.Hosting passes the host's. Defaults to <see langword="null"/>:
    /// a meter the process shares among such clients.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Whether the client keeps an HdrHistogram of call latency, written as a <c>.hgrm</c> file by
    /// <see cref="RpcClient.WriteLatencyHistogram(TextWriter)"/>. Defaults to <see langword="false"/>.
    /// </summary>
    public bool RecordLatencyHistograms { get; set; }

    /// <summary>A copy of these settings, after checking them; <see cref="RpcTransport.Auto"/> is resolved.</summary>
    /// <exception cref="ArgumentNullException"><see cref="EndPoint"/> or <see cref="TimeProvider"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it and the value.</exception>
    /// <exception cref="ArgumentException">A filter list holds null.</exception>
    /// <exception cref="PlatformNotSupportedException">The epoll transport was asked for off Linux.</exception>
    internal RpcClientOptions Clone()
    {
        Validate();
        var copy = new RpcClientOptions
        {
            EndPoint = EndPoint,
            Shards = Shards,
            Transport = OptionCheck.Resolve(Transport),
            MaxCallsInFlight = MaxCallsInFlight,
            CallTimeout = CallTimeout,
            ConnectTimeout = ConnectTimeout,
            MaxReplyPayloadSize = MaxReplyPayloadSize,
            ReceiveBufferSize = ReceiveBufferSize,
            OutputPauseThreshold = OutputPauseThreshold,
            ReconnectPolicy = ReconnectPolicy?.Clone(),
            TimeProvider = TimeProvider,
            LoggerFactory = LoggerFactory,
            SendPayloadHeaders = SendPayloadHeaders,
            MeterFactory = MeterFactory,
            RecordLatencyHistograms = RecordLatencyHistograms,
        };
        OptionCheck.CopyFilters(IncomingFilters, OutgoingFilters, copy.IncomingFilters, copy.OutgoingFilters);

        CopySecurityTo(copy);
        return copy;
    }

    private void Validate()
    {
        const string options = nameof(RpcClientOptions);
        if (EndPoint is null)
        {
            throw new ArgumentNullException(nameof(EndPoint), $"{options}.{nameof(EndPoint)} is required: set it to the server's address, e.g. new IPEndPoint(IPAddress.Loopback, 20776).");
        }

        OptionCheck.Range(Enum.IsDefined(Transport), options, nameof(Transport), Transport, "is not a transport");
        OptionCheck.Range(MaxCallsInFlight is >= 1 and <= MaxSessions, options, nameof(MaxCallsInFlight), MaxCallsInFlight, $"must be between 1 and {MaxSessions}");
        OptionCheck.Timeout(CallTimeout, options, nameof(CallTimeout), zeroAllowed: true);
        OptionCheck.Timeout(ConnectTimeout, options, nameof(ConnectTimeout));
        OptionCheck.Range(MaxReplyPayloadSize >= 1, options, nameof(MaxReplyPayloadSize), MaxReplyPayloadSize, "must be at least 1 byte");
        OptionCheck.Range(ReceiveBufferSize is >= 4096 and <= 16 * 1024 * 1024, options, nameof(ReceiveBufferSize), ReceiveBufferSize, "must be between 4096 and 16777216 bytes");
        OptionCheck.Range(OutputPauseThreshold > 0, options, nameof(OutputPauseThreshold), OutputPauseThreshold, "must be positive");
        OptionCheck.NotNull(TimeProvider, options, nameof(TimeProvider));
        ReconnectPolicy?.Validate();
        OptionCheck.Filters(IncomingFilters, OutgoingFilters, options);
        OptionCheck.Transport(Transport, options);
    }
}
