using Microsoft.Extensions.Logging;

namespace Smf.Client.Internal;

/// <summary>The client's TLS log lines, in the client's category (<c>Smf.Client.RpcClient</c>) with event ids of their own range (20 to 29).</summary>
internal static partial class RpcClientTlsLog
{
    [LoggerMessage(EventId = 20, EventName = "CertificateReloadFailed", Level = LogLevel.Warning,
        Message = "The client certificate file '{Path}' changed but does not load ({Reason}); the previous certificate stays in use.")]
    public static partial void CertificateReloadFailed(ILogger logger, string path, string reason);
}
