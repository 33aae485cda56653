using System.Net;
using Microsoft.Extensions.Logging;
using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Transport;

namespace Smf.Server.Internal;

/// <summary>Every log line the server writes; each carries the shard id. EventIds are fixed; retired ids are never reused.</summary>
internal static partial class SmfServerLog
{
    [LoggerMessage(EventId = 1, EventName = "ShardStarted", Level = LogLevel.Information,
        Message = "[shard {ShardId}] Serving on {EndPoint}: services {Services}, max frame {MaxFrameSize} bytes, in-flight budget {Budget} bytes, transport {Transport}.")]
    public static partial void ShardStarted(ILogger logger, int shardId, EndPoint endPoint, string services, int maxFrameSize, long budget, RpcTransport transport);

    [LoggerMessage(EventId = 2, EventName = "ShardStopped", Level = LogLevel.Information,
        Message = "[shard {ShardId}] Stopped serving.")]
    public static partial void ShardStopped(ILogger logger, int shardId);

    [LoggerMessage(EventId = 3, EventName = "ConnectionAccepted", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] Accepted a connection from {RemoteEndPoint}.")]
    public static partial void ConnectionAccepted(ILogger logger, int shardId, EndPoint? remoteEndPoint);

    [LoggerMessage(EventId = 4, EventName = "ConnectionClosed", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] Closed the connection from {RemoteEndPoint}: {Reason}.")]
    public static partial void ConnectionClosed(ILogger logger, int shardId, EndPoint? remoteEndPoint, CloseReason reason);

    [LoggerMessage(EventId = 5, EventName = "BadFrame", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: bad frame ({Error}), header {Header}.")]
    public static partial void BadFrame(ILogger logger, int shardId, EndPoint? remoteEndPoint, RpcFrameError error, RpcHeader header);

    [LoggerMessage(EventId = 6, EventName = "UnknownRequestId", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: no method has request id {RequestId}.")]
    public static partial void UnknownRequestId(ILogger logger, int shardId, EndPoint? remoteEndPoint, uint requestId);

    [LoggerMessage(EventId = 7, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "[shard {ShardId}] The handler of {Service}.{Method} (session {Session}) threw; replying 500.")]
    public static partial void HandlerFailed(ILogger logger, int shardId, string service, string method, ushort session, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "BodyTimeout", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: a frame did not arrive within {Timeout}.")]
    public static partial void BodyTimeout(ILogger logger, int shardId, EndPoint? remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 9, EventName = "IdleTimeout", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: idle for {Timeout}.")]
    public static partial void IdleTimeout(ILogger logger, int shardId, EndPoint? remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 10, EventName = "ConnectionLimitReached", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Refusing the connection from {RemoteEndPoint}: {MaxConnections} connections are open.")]
    public static partial void ConnectionLimitReached(ILogger logger, int shardId, EndPoint? remoteEndPoint, int maxConnections);

    [LoggerMessage(EventId = 11, EventName = "FrameLargerThanBudget", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: a {Size}-byte frame exceeds the shard's whole in-flight budget of {Budget} bytes.")]
    public static partial void FrameLargerThanBudget(ILogger logger, int shardId, EndPoint? remoteEndPoint, uint size, long budget);

    [LoggerMessage(EventId = 12, EventName = "DrainTimedOut", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Stopping with {InFlight} requests still running after the drain timeout; closing their connections.")]
    public static partial void DrainTimedOut(ILogger logger, int shardId, long inFlight);

    [LoggerMessage(EventId = 13, EventName = "UndecodablePayload", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: the payload does not decode: {Reason}")]
    public static partial void UndecodablePayload(ILogger logger, int shardId, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 14, EventName = "AcceptFailed", Level = LogLevel.Error,
        Message = "[shard {ShardId}] Accepting a connection for this shard failed.")]
    public static partial void AcceptFailed(ILogger logger, int shardId, Exception exception);

    [LoggerMessage(EventId = 15, EventName = "UnhandledShardException", Level = LogLevel.Critical,
        Message = "[shard {ShardId}] Work posted to the shard threw.")]
    public static partial void UnhandledShardException(ILogger logger, int shardId, Exception exception);

    [LoggerMessage(EventId = 16, EventName = "ReadPaused", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] Pausing reads from {RemoteEndPoint}: {Reason}.")]
    public static partial void ReadPaused(ILogger logger, int shardId, EndPoint? remoteEndPoint, string reason);

    // EventId 17 (PinFailed) moved to the shard group's log.

    [LoggerMessage(EventId = 18, EventName = "InvalidRequest", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] Replying 400 to {RemoteEndPoint}: the {Size}-byte request of {Service}.{Method} is not a valid {RequestType}: {Reason}.")]
    public static partial void InvalidRequest(ILogger logger, int shardId, EndPoint? remoteEndPoint, string service, string method, uint size, string requestType, string reason);

    [LoggerMessage(EventId = 19, EventName = "StatusThrown", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] The handler of {Service}.{Method} answered {Status}: {Message}")]
    public static partial void StatusThrown(ILogger logger, int shardId, string service, string method, string status, string message);

    [LoggerMessage(EventId = 20, EventName = "BudgetTimeout", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: it waited for the in-flight budget longer than {Timeout}.")]
    public static partial void BudgetTimeout(ILogger logger, int shardId, EndPoint? remoteEndPoint, TimeSpan timeout);

    [LoggerMessage(EventId = 21, EventName = "OutOfMemory", Level = LogLevel.Error,
        Message = "[shard {ShardId}] Closing the connection from {RemoteEndPoint}: there was not enough memory to receive its {FrameSize}-byte frame.")]
    public static partial void OutOfMemory(ILogger logger, int shardId, EndPoint? remoteEndPoint, uint frameSize);
}
