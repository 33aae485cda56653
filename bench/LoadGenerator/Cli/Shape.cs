namespace Smf.Bench.LoadGenerator.Cli;

/// <summary>
/// A load shape: how many connections, how many calls each keeps in flight (closed loop), or the
/// fraction of the reference rate to offer (open loop, sent on a schedule over <see cref="Connections"/>).
/// </summary>
internal sealed record Shape(string Name, int Connections, int Depth, double OpenLoopFraction)
{
    /// <summary>
    /// True for the connection shape: each of <see cref="Connections"/> loops connects (and handshakes, with TLS), makes
    /// one call and closes, again and again; its throughput is new connections per second.
    /// </summary>
    public bool NewConnectionPerCall { get; init; }

    /// <summary>True when calls are sent on a schedule instead of when the previous one returns.</summary>
    public bool IsOpenLoop => OpenLoopFraction > 0;

    public static readonly IReadOnlyList<Shape> All =
    [
        new("L1", 1, 1, 0),
        new("T1", 1, 64, 0),
        new("T8", 8, 8, 0),
        new("T64", 64, 1, 0),
        new("P8", 1, 8, 0),
        new("O50", 8, 0, 0.5),
        new("O80", 8, 0, 0.8),
        new("CONN", 4, 1, 0) { NewConnectionPerCall = true },
    ];

    public static Shape Parse(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown shape '{name}'. Known shapes: {string.Join(", ", All.Select(s => s.Name))}.");
}
