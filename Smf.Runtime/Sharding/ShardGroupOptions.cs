using Microsoft.Extensions.Logging;
using Smf.Internal;

namespace Smf.Sharding;

/// <summary>
/// Settings of a <see cref="ShardGroup"/>. The group copies and validates them once, in its constructor; later
/// changes have no effect on it.
/// </summary>
public sealed class ShardGroupOptions
{
    /// <summary>The number of shards (event-loop threads), 1 to 1024. Defaults to <see cref="Environment.ProcessorCount"/>.</summary>
    public int Count { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Whether each shard thread pins itself to one CPU: shard <c>i</c> to the <c>i</c>-th CPU the process may use
    /// (Linux only, and only when <see cref="Count"/> does not exceed the number of those CPUs). Defaults to
    /// <see langword="true"/>, as Seastar does.
    /// </summary>
    public bool PinToCpus { get; set; } = true;

    /// <summary>
    /// How long an idle shard keeps polling before it blocks in the kernel; spinning trades CPU for latency
    /// (waking a sleeping thread costs tens of microseconds). Defaults to <see cref="TimeSpan.Zero"/>: never spin.
    /// </summary>
    public TimeSpan IdlePollDuration { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The clock of the shards' periodic timers and of the server timeouts they check (body receive, idle, handler).
    /// Defaults to <see cref="TimeProvider.System"/>; tests pass a fake clock. Client deadlines use
    /// <see cref="Client.RpcClientOptions.TimeProvider"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Where a shard reports an exception that escaped work posted to it (a bug: such work handles its own errors).
    /// Defaults to <see langword="null"/>: such exceptions are dropped after being counted nowhere.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>A copy of these settings, after checking them.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the message names it.</exception>
    internal ShardGroupOptions Clone()
    {
        Validate();
        return new ShardGroupOptions
        {
            Count = Count,
            PinToCpus = PinToCpus,
            IdlePollDuration = IdlePollDuration,
            TimeProvider = TimeProvider,
            LoggerFactory = LoggerFactory,
        };
    }

    private void Validate()
    {
        OptionCheck.Range(Count is >= 1 and <= 1024, nameof(ShardGroupOptions), nameof(Count), Count, "must be between 1 and 1024");
        OptionCheck.Range(IdlePollDuration >= TimeSpan.Zero, nameof(ShardGroupOptions), nameof(IdlePollDuration), IdlePollDuration, "must not be negative");
        OptionCheck.NotNull(TimeProvider, nameof(ShardGroupOptions), nameof(TimeProvider));
    }
}
