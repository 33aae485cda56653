using Smf.Client;

namespace Smf.Balancing;

/// <summary>
/// Settings of an <see cref="RpcChannel"/>, copied and checked once by its constructor; changing the object
/// afterwards has no effect on that channel.
/// </summary>
public sealed class RpcChannelOptions
{
    /// <summary>Where the endpoints come from. Required (<see cref="RpcResolver.Static"/> for a fixed list).</summary>
    public RpcResolver? Resolver { get; set; }

    /// <summary>
    /// The settings of each endpoint's <see cref="RpcClient"/> (deadline, calls in flight, transport, TLS, clock,
    /// logging); its <see cref="RpcClientOptions.EndPoint"/> and <see cref="RpcClientOptions.ReconnectPolicy"/> are
    /// ignored. Defaults to <see langword="null"/>: <see cref="RpcClientOptions"/>' defaults.
    /// </summary>
    public RpcClientOptions? Client { get; set; }

    /// <summary>How calls without a routing key are spread. Defaults to <see cref="RpcPickerKind.RoundRobin"/>.</summary>
    public RpcPickerKind Picker { get; set; } = RpcPickerKind.RoundRobin;

    /// <summary>
    /// The waits before each attempt to bring back an endpoint whose connection failed; it takes no calls meanwhile.
    /// Defaults to a schedule of 0.25, 0.5, 1, 2, 5 and 10 seconds with 0.25 s of jitter.
    /// </summary>
    public RpcReconnectPolicy ReconnectPolicy { get; set; } = new()
    {
        Delays = [.. new[] { 250, 500, 1000, 2000, 5000, 10000 }.Select(ms => TimeSpan.FromMilliseconds(ms))],
        MaxJitter = TimeSpan.FromMilliseconds(250),
    };

    /// <summary>
    /// How often the resolver is asked again. Defaults to 30 seconds; <see cref="Timeout.InfiniteTimeSpan"/> asks only
    /// at the first call and after connection failures.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most endpoints an idempotent call (<see cref="RpcCallOptions.IsIdempotent"/>) is sent to after connection
    /// failures, the first included, all within the call's one deadline. Defaults to 3; 1 to 16.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    internal RpcChannelOptions Clone()
    {
        const string options = nameof(RpcChannelOptions);
        Smf.Internal.OptionCheck.NotNull(Resolver, options, nameof(Resolver));
        Smf.Internal.OptionCheck.NotNull(ReconnectPolicy, options, nameof(ReconnectPolicy));
        Smf.Internal.OptionCheck.Range(Enum.IsDefined(Picker), options, nameof(Picker), Picker, "is not a picker");
        Smf.Internal.OptionCheck.Range(MaxAttempts is >= 1 and <= 16, options, nameof(MaxAttempts), MaxAttempts, "must be between 1 and 16");
        Smf.Internal.OptionCheck.Timeout(RefreshPeriod, options, nameof(RefreshPeriod));
        ReconnectPolicy.Validate();
        return new RpcChannelOptions
        {
            Resolver = Resolver,
            Client = Client,
            Picker = Picker,
            ReconnectPolicy = ReconnectPolicy.Clone(),
            RefreshPeriod = RefreshPeriod,
            MaxAttempts = MaxAttempts,
        };
    }
}
