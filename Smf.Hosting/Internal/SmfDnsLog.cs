using Microsoft.Extensions.Logging;

namespace Smf.Hosting.Internal;

/// <summary>The log lines of the smf DNS endpoint provider (category <c>Smf.Hosting.Internal.SmfDnsServiceEndpointProviderFactory</c>), with fixed event ids.</summary>
internal static partial class SmfDnsLog
{
    [LoggerMessage(EventId = 1, EventName = "DnsResolved", Level = LogLevel.Debug, Message = "Looked up {Host}: {Count} addresses, used for {RefreshPeriod}")]
    public static partial void Resolved(ILogger logger, string host, int count, TimeSpan refreshPeriod);
}
