namespace Smf.Server.Internal;

/// <summary>
/// The counters of one shard, written only by its thread and read (racily but monotonically) by the metrics
/// callbacks and tests, so the request path never contends on a shared counter.
/// </summary>
internal sealed class ShardCounters
{
    public long Requests;
    public long BytesReceived;
    public long BytesSent;
    public long BadRequests;
    public long NoRoute;
    public long HandlerErrors;
    public long ConnectionsAccepted;
    public long ConnectionsRejected;
    public long ActiveConnections;
    public long Timeouts;
    public long InvalidRequests;
    public long InFlightBytes;
    public long InFlightRequests;
    public long TlsHandshakeFailures;
    public long Unauthorized;
    public long Forbidden;
}
