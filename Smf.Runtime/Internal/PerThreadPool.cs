namespace Smf.Internal;

/// <summary>
/// Objects of one type kept for reuse on the thread that gave them back: each thread has its own stack, so renting and
/// returning take no lock. For objects rented and returned on the same thread (a shard's), which is what makes them
/// come back.
/// </summary>
internal static class PerThreadPool<T>
    where T : class
{
    [ThreadStatic]
    private static Stack<T>? t_items;

    /// <summary>An object this thread gave back, or <see langword="null"/> when it holds none.</summary>
    public static T? TryRent() => t_items is { Count: > 0 } items ? items.Pop() : null;

    /// <summary>Keeps <paramref name="item"/> for this thread, unless it already keeps <paramref name="capacity"/>.</summary>
    public static void Return(T item, int capacity)
    {
        var items = t_items ??= new Stack<T>();
        if (items.Count < capacity)
        {
            items.Push(item);
        }
    }
}
