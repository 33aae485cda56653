namespace Smf.Cli.Bench;

/// <summary>What a run was asked to do, as its reports name it.</summary>
internal sealed record BenchSetup(string Method, string Address, BenchOptions Options)
{
    public string Shape
    {
        get
        {
            var length = Options.Calls is { } calls ? $"{calls} calls" : $"{Options.Duration!.Value.TotalSeconds:0.###} s";
            var load = Options.Rate is { } rate ? $"open loop at {rate:0.###} calls/s" : $"depth {Options.Depth} (closed loop)";
            return $"{Options.Connections} connection{(Options.Connections == 1 ? string.Empty : "s")}, {load}, {length} after {Options.Warmup.TotalSeconds:0.###} s warm-up";
        }
    }
}
