using Microsoft.Extensions.Logging;

namespace Smf.Balancing.Internal;

/// <summary>The log messages of <see cref="RpcChannel"/> (category <c>Smf.Balancing.RpcChannel</c>), with fixed event ids.</summary>
internal static partial class RpcChannelLog
{
    [LoggerMessage(EventId = 1, EventName = "EndPointsResolved", Level = LogLevel.Information, Message = "Resolved {Count} endpoints: {EndPoints}.")]
    public static partial void EndPointsResolved(ILogger logger, int count, string endPoints);

    [LoggerMessage(EventId = 2, EventName = "ResolveFailed", Level = LogLevel.Warning, Message = "Resolving the endpoints failed; the channel keeps its previous ones.")]
    public static partial void ResolveFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3, EventName = "EndPointEjected", Level = LogLevel.Warning, Message = "Endpoint {EndPoint} takes no calls until it reconnects: {Reason}")]
    public static partial void EndPointEjected(ILogger logger, string endPoint, string reason);

    [LoggerMessage(EventId = 4, EventName = "EndPointReturned", Level = LogLevel.Information, Message = "Endpoint {EndPoint} reconnected and takes calls again (attempt {Attempt}).")]
    public static partial void EndPointReturned(ILogger logger, string endPoint, int attempt);

    [LoggerMessage(EventId = 5, EventName = "CallRetried", Level = LogLevel.Debug, Message = "An idempotent call failed on {EndPoint} and is sent again to another endpoint (attempt {Attempt}).")]
    public static partial void CallRetried(ILogger logger, string endPoint, int attempt);
}
