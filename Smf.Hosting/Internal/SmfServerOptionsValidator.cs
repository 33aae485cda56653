using System.Net;
using Microsoft.Extensions.Options;
using Smf.Transport;

namespace Smf.Hosting.Internal;

/// <summary>Checks <see cref="SmfServerOptions"/> when the host starts; each failure names the configuration key and the value.</summary>
internal sealed class SmfServerOptionsValidator : IValidateOptions<SmfServerOptions>
{
    private const string Section = SmfServerOptions.SectionName;
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, SmfServerOptions options)
    {
        var failures = new List<string>();
        if (!TryParseAddress(options.Address, out _))
        {
            failures.Add($"{Section}:{nameof(options.Address)} is '{options.Address}'; it must be an IP address such as 127.0.0.1, 0.0.0.0 or ::, or localhost.");
        }

        Check(failures, options.Port is >= 0 and <= 65535, nameof(options.Port), options.Port, "between 0 and 65535");
        Check(failures, options.MetricsPort is null or (>= 1 and <= 65535), nameof(options.MetricsPort), options.MetricsPort, "between 1 and 65535, or absent for no endpoint");
        Check(failures, options.Shards is >= 1 and <= 1024, nameof(options.Shards), options.Shards, "between 1 and 1024");
        Check(failures, options.IdlePollDuration >= TimeSpan.Zero && options.IdlePollDuration <= MaxTimeout, nameof(options.IdlePollDuration), options.IdlePollDuration, "zero or positive");
        Check(failures, Enum.IsDefined(options.Transport), nameof(options.Transport), options.Transport, $"one of {string.Join(", ", Enum.GetNames<RpcTransport>())}");
        Check(failures, options.Transport != RpcTransport.Epoll || OperatingSystem.IsLinux(), nameof(options.Transport), options.Transport, "Auto or Socket off Linux");
        Check(failures, options.MaxFrameSize > 0, nameof(options.MaxFrameSize), options.MaxFrameSize, "positive");
        Check(failures, options.MaxInFlightBytesPerShard > 0, nameof(options.MaxInFlightBytesPerShard), options.MaxInFlightBytesPerShard, "positive");
        Check(failures, options.MaxInFlightBytesPerConnection is null or > 0, nameof(options.MaxInFlightBytesPerConnection), options.MaxInFlightBytesPerConnection, "positive, or absent for a quarter of MaxInFlightBytesPerShard");
        CheckTimeout(failures, options.BudgetWaitTimeout, nameof(options.BudgetWaitTimeout));
        Check(failures, options.ReceiveBufferSize is >= 4096 and <= 16 * 1024 * 1024, nameof(options.ReceiveBufferSize), options.ReceiveBufferSize, "between 4096 and 16777216 bytes");
        Check(failures, options.OutputPauseThreshold > 0, nameof(options.OutputPauseThreshold), options.OutputPauseThreshold, "positive");
        CheckTimeout(failures, options.BodyReceiveTimeout, nameof(options.BodyReceiveTimeout));
        CheckTimeout(failures, options.IdleTimeout, nameof(options.IdleTimeout));
        CheckTimeout(failures, options.HandlerTimeout, nameof(options.HandlerTimeout));
        Check(failures, options.CrossShardReplyWait >= TimeSpan.Zero && options.CrossShardReplyWait <= MaxTimeout, nameof(options.CrossShardReplyWait), options.CrossShardReplyWait, "zero or positive");
        Check(failures, options.MaxConnections > 0, nameof(options.MaxConnections), options.MaxConnections, "positive");
        Check(failures, options.ShutdownDelay >= TimeSpan.Zero && options.ShutdownDelay <= MaxTimeout, nameof(options.ShutdownDelay), options.ShutdownDelay, "zero or positive");
        Check(failures, options.ShardStallTimeout >= TimeSpan.FromMilliseconds(10) && options.ShardStallTimeout <= MaxTimeout, nameof(options.ShardStallTimeout), options.ShardStallTimeout, "at least 00:00:00.010");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses <see cref="SmfServerOptions.Address"/>: an IP address, or <c>localhost</c> for the IPv4 loopback.</summary>
    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }

        if (text is not null && IPAddress.TryParse(text, out var parsed))
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    private static void Check<T>(List<string> failures, bool valid, string key, T value, string rule)
    {
        if (!valid)
        {
            failures.Add($"{Section}:{key} is '{value}'; it must be {rule}.");
        }
    }

    private static void CheckTimeout(List<string> failures, TimeSpan value, string key) =>
        Check(failures, (value > TimeSpan.Zero && value <= MaxTimeout) || value == Timeout.InfiniteTimeSpan, key, value, "positive, or -00:00:00.001 for none");
}
