namespace Smf.Client;

/// <summary>
/// How an <see cref="RpcClient"/> reconnects in the background after its connection fails: it waits
/// <see cref="Delays"/>[0] plus a random jitter, tries once, then <see cref="Delays"/>[1], and so on,
/// repeating the last delay until a connection succeeds. A success starts the schedule over.
/// </summary>
public sealed class RpcReconnectPolicy
{
    private static readonly TimeSpan[] SmfDelays =
        [.. new[] { 1, 3, 5, 10, 20, 30, 60, 300, 600, 1800 }.Select(seconds => TimeSpan.FromSeconds(seconds))];

    /// <summary>
    /// The waits before each attempt. Defaults to smf's reconnect backoff: 1, 3, 5, 10, 20, 30, 60, 300,
    /// 600 and 1800 seconds. Must not be empty; every entry must be zero or positive.
    /// </summary>
    public IReadOnlyList<TimeSpan> Delays { get; init; } = SmfDelays;

    /// <summary>
    /// The upper bound of the uniformly random time added to each delay so that many clients do not
    /// reconnect in lockstep. Defaults to 1 second; <see cref="TimeSpan.Zero"/> turns jitter off.
    /// </summary>
    public TimeSpan MaxJitter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the values once; the client calls this when it copies its options.</summary>
    internal void Validate()
    {
        if (Delays is null || Delays.Count == 0)
        {
            throw new ArgumentException("The reconnect policy needs at least one delay; set 'RpcClientOptions.ReconnectPolicy' to null to turn reconnection off.", nameof(Delays));
        }

        for (var i = 0; i < Delays.Count; i++)
        {
            if (Delays[i] < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(Delays), Delays[i], $"Reconnect delay {i} is '{Delays[i]}'; delays must be zero or positive.");
            }
        }

        if (MaxJitter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxJitter), MaxJitter, $"The reconnect jitter is '{MaxJitter}'; it must be zero or positive.");
        }
    }

    /// <summary>A copy, so later changes to the caller's list do not reach the client.</summary>
    internal RpcReconnectPolicy Clone() => new() { Delays = [.. Delays], MaxJitter = MaxJitter };

    /// <summary>The wait before attempt <paramref name="attempt"/> (0-based), jitter included.</summary>
    internal TimeSpan DelayFor(int attempt)
    {
        var delay = Delays[Math.Min(attempt, Delays.Count - 1)];
        return MaxJitter == TimeSpan.Zero ? delay : delay + (MaxJitter * Random.Shared.NextDouble());
    }
}
