using System.Net;
using Microsoft.Extensions.Logging;
using Smf.Protocol.Filters;

namespace Smf.Client;

/// <summary>
/// Settings of an <see cref="RpcClient"/>. The client copies and validates them once, in its constructor;
/// changing the object afterwards has no effect on that client.
/// </summary>
public sealed class RpcClientOptions
{
    /// <summary>The largest value <see cref="MaxCallsInFlight"/> accepts: the number of distinct smf session ids.</summary>
    public const int MaxSessions = 65536;

    /// <summary>The server to connect to, e.g. <c>new IPEndPoint(IPAddress.Loopback, 20776)</c>. Required.</summary>
    public EndPoint? EndPoint { get; set; }

    /// <summary>
    /// The most calls that may wait for their reply at once on the connection; further callers wait
    /// (within their own deadline) until a reply frees a slot. Defaults to 1024; 1 to <see cref="MaxSessions"/>.
    /// </summary>
    public int MaxCallsInFlight { get; set; } = 1024;

    /// <summary>
    /// The deadline of a call that does not give its own, counted from the moment the call is made (time
    /// spent waiting for a free slot included). Defaults to 60 seconds, smf's receive timeout;
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
    /// Background reconnection after the connection fails. Defaults to <see langword="null"/>: no automatic
    /// reconnection (call <see cref="RpcClient.ConnectAsync"/> again). Calls made while disconnected fail
    /// at once with <see cref="RpcConnectionException"/> either way.
    /// </summary>
    public RpcReconnectPolicy? ReconnectPolicy { get; set; }

    /// <summary>
    /// The filters every request frame passes through before it is sent, first entry first, e.g.
    /// <see cref="ZstdFrameFilter"/> to compress large requests. Defaults to none. A request whose
    /// envelope asks for <see cref="Smf.Protocol.CompressionFlags.Disabled"/> reaches them marked so.
    /// </summary>
    public IList<IOutgoingFrameFilter> OutgoingFilters { get; } = [];

    /// <summary>
    /// The filters every reply frame passes through after its header and checksum were validated, first
    /// entry first. Defaults to a <see cref="ZstdFrameFilter"/> and an <see cref="Lz4FrameFilter"/>, which
    /// decompress replies compressed either way; a compressed reply that no filter decompresses closes the
    /// connection.
    /// </summary>
    public IList<IIncomingFrameFilter> IncomingFilters { get; } = [new ZstdFrameFilter(), new Lz4FrameFilter()];

    /// <summary>Where the client logs connects, disconnects and rejected replies. Defaults to <see langword="null"/>: no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
