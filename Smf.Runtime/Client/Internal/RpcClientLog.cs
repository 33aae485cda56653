using System.Net;
using Microsoft.Extensions.Logging;

namespace Smf.Client.Internal;

/// <summary>The log messages of <see cref="RpcClient"/>, with fixed event ids.</summary>
internal static partial class RpcClientLog
{
    [LoggerMessage(EventId = 1, EventName = "Connected", Level = LogLevel.Information, Message = "Connected to {EndPoint}.")]
    public static partial void Connected(ILogger logger, EndPoint endPoint);

    [LoggerMessage(EventId = 2, EventName = "ConnectionClosed", Level = LogLevel.Warning, Message = "The connection to {EndPoint} closed; calls in flight failed.")]
    public static partial void ConnectionClosed(ILogger logger, EndPoint endPoint, Exception reason);

    [LoggerMessage(EventId = 3, EventName = "ReconnectScheduled", Level = LogLevel.Information, Message = "Reconnecting to {EndPoint} in {DelayMs} ms (attempt {Attempt}).")]
    public static partial void ReconnectScheduled(ILogger logger, EndPoint endPoint, long delayMs, int attempt);

    [LoggerMessage(EventId = 4, EventName = "ReconnectFailed", Level = LogLevel.Warning, Message = "Reconnecting to {EndPoint} failed (attempt {Attempt}).")]
    public static partial void ReconnectFailed(ILogger logger, EndPoint endPoint, int attempt, Exception error);

    [LoggerMessage(EventId = 5, EventName = "LateReplyDropped", Level = LogLevel.Debug, Message = "Dropped the reply for session {Session} from {EndPoint}: its call had already timed out or been canceled.")]
    public static partial void LateReplyDropped(ILogger logger, ushort session, EndPoint endPoint);
}
