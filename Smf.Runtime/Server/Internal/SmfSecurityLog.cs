using System.Net;
using Microsoft.Extensions.Logging;

namespace Smf.Server.Internal;

/// <summary>
/// The server's TLS and authorization log lines, in the server's category (<c>Smf.Server.RpcServer</c>) with event ids
/// of their own range (30 to 39); each carries the shard id.
/// </summary>
internal static partial class SmfSecurityLog
{
    [LoggerMessage(EventId = 30, EventName = "TlsHandshakeFailed", Level = LogLevel.Information,
        Message = "[shard {ShardId}] The TLS handshake with {RemoteEndPoint} failed, closing its connection: {Reason}.")]
    public static partial void HandshakeFailed(ILogger logger, int shardId, EndPoint? remoteEndPoint, string reason);

    [LoggerMessage(EventId = 31, EventName = "CertificateReloaded", Level = LogLevel.Information,
        Message = "[shard {ShardId}] Loaded the changed certificate file '{Path}' ({Subject}, valid until {NotAfter:u}); new connections use it.")]
    public static partial void CertificateReloaded(ILogger logger, int shardId, string path, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 32, EventName = "CertificateReloadFailed", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] The certificate file '{Path}' changed but does not load ({Reason}); the previous certificate stays in use.")]
    public static partial void CertificateReloadFailed(ILogger logger, int shardId, string path, string reason);

    [LoggerMessage(EventId = 33, EventName = "CallDenied", Level = LogLevel.Debug,
        Message = "[shard {ShardId}] Answered {Status} to {RemoteEndPoint} for {Service}.{Method}: the authorization policy denied the call.")]
    public static partial void CallDenied(ILogger logger, int shardId, EndPoint? remoteEndPoint, string service, string method, uint status);
}
