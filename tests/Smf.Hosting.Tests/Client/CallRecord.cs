using System.Collections.Concurrent;

namespace Smf.Hosting.Tests.Client;

/// <summary>The keys one test server was called with, in order of arrival.</summary>
public sealed class CallRecord
{
    private readonly ConcurrentQueue<string> _keys = new();

    public IReadOnlyList<string> Keys => [.. _keys];

    public int Count => _keys.Count;

    public void Add(string key) => _keys.Enqueue(key);
}
