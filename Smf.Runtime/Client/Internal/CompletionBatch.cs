namespace Smf.Client.Internal;

/// <summary>
/// The calls one loop iteration completed, handed to the thread pool as one work item: a worker completes them in
/// order and runs their callers' continuations inline, so a burst of replies costs one thread-pool dispatch, not one
/// per call, and no caller's code runs on the loop.
/// </summary>
internal sealed class CompletionBatch(Stack<CompletionBatch> pool) : IThreadPoolWorkItem
{
    /// <summary>The most idle batches a connection keeps.</summary>
    public const int MaxPooled = 8;

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public void Add(PendingCall call, in ReceivedFrame frame) => _entries.Add(new Entry(call, frame, null));

    public void Add(PendingCall call, Exception error) => _entries.Add(new Entry(call, default, error));

    public void Execute()
    {
        foreach (var entry in _entries)
        {
            if (entry.Error is null)
            {
                entry.Call.Complete(entry.Frame);
            }
            else
            {
                entry.Call.Fail(entry.Error);
            }
        }

        _entries.Clear();
        // A plain stack under a lock: a concurrent stack would allocate a node per push.
        lock (pool)
        {
            if (pool.Count < MaxPooled)
            {
                pool.Push(this);
            }
        }
    }

    private readonly record struct Entry(PendingCall Call, ReceivedFrame Frame, Exception? Error);
}
