namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>
/// What opening and holding <see cref="Count"/> idle connections cost the server: the time from the first connect
/// until the server process held a descriptor for every one (<see cref="AcceptSeconds"/>), and its resident set and
/// managed allocation before and after (taken once the count was reached and the process had settled).
/// </summary>
internal sealed record IdleConnectionsMeasurement(int Count, double ConnectSeconds, double AcceptSeconds, long RssBefore, long RssAfter, long? AllocatedBefore, long? AllocatedAfter)
{
    public double AcceptsPerSecond => Count / AcceptSeconds;

    public double RssBytesPerConnection => (double)(RssAfter - RssBefore) / Count;

    public double? AllocatedBytesPerConnection => AllocatedAfter - AllocatedBefore is { } delta ? (double)delta / Count : null;
}
