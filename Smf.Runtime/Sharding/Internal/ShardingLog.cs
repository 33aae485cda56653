using Microsoft.Extensions.Logging;

namespace Smf.Sharding.Internal;

/// <summary>The log lines of shard groups; each carries the shard id. EventIds are fixed; retired ids are never reused.</summary>
internal static partial class ShardingLog
{
    [LoggerMessage(EventId = 1, EventName = "UnhandledShardException", Level = LogLevel.Critical,
        Message = "[shard {ShardId}] Work posted to the shard threw; the shard keeps running.")]
    public static partial void UnhandledException(ILogger logger, int shardId, Exception exception);

    [LoggerMessage(EventId = 2, EventName = "PinFailed", Level = LogLevel.Warning,
        Message = "[shard {ShardId}] Could not pin the shard thread to CPU {Cpu} (errno {Errno}); it runs unpinned.")]
    public static partial void PinFailed(ILogger logger, int shardId, int cpu, int errno);
}
