using System.Collections.Concurrent;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>A singleton the test services write to: events in order, and the keys dumped at shutdown.</summary>
public sealed class Journal
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentBag<string> _dumped = [];

    public IReadOnlyList<string> Events => [.. _events];

    public IReadOnlyCollection<string> DumpedKeys => [.. _dumped];

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Record(string entry) => _events.Enqueue(entry);

    public void Dumped(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            _dumped.Add(key);
        }
    }
}
