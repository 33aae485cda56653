using System.Diagnostics.Tracing;

namespace Smf.Bench.SmfBenchServer;

/// <summary>
/// A diagnostic for <c>--alloc-report</c>: listens to the runtime's GCAllocationTick events (one per
/// ~100 KB allocated, naming the type that crossed the threshold) and prints the types that allocate
/// most. The listener itself allocates, so runs that measure allocations must not enable it.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, (long Ticks, long Bytes)> _byType = [];

    /// <summary>Prints the types with the most sampled allocations, with their share of the sampled bytes.</summary>
    public void Report(TextWriter writer, int top)
    {
        lock (_byType)
        {
            var total = _byType.Values.Sum(v => v.Bytes);
            writer.WriteLine($"allocation samples (GCAllocationTick, ~100 KB each): {_byType.Values.Sum(v => v.Ticks)} ticks, {total} bytes");
            foreach (var (type, (ticks, bytes)) in _byType.OrderByDescending(kv => kv.Value.Bytes).Take(top))
            {
                writer.WriteLine($"  {bytes * 100.0 / Math.Max(total, 1),5:F1}%  {ticks,6} ticks  {type}");
            }
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (_byType)
        {
            var (ticks, bytes) = _byType.GetValueOrDefault(type);
            _byType[type] = (ticks + 1, bytes + amount);
        }
    }
}
