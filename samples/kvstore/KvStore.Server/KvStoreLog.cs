using Microsoft.Extensions.Logging;

namespace KvStore.Server;

/// <summary>
/// The per-request log lines. [LoggerMessage] generates each method, which checks that its level is enabled before it
/// touches an argument: with the log level at Warning (a server under load) a request pays nothing for its lines,
/// where logger.LogInformation("...", shard, key, value) would build an object array and box the shard id every time.
/// </summary>
internal static partial class KvStoreLog
{
    [LoggerMessage(EventId = 1, EventName = "Received", Level = LogLevel.Information, Message = "recv shard={Shard} key={Key} value={Value}")]
    public static partial void Received(ILogger logger, int shard, string key, string value);

    [LoggerMessage(EventId = 2, EventName = "HandlingPut", Level = LogLevel.Information, Message = "handling put shard={Shard} key={Key} value={Value}")]
    public static partial void HandlingPut(ILogger logger, int shard, string key, string value);
}
