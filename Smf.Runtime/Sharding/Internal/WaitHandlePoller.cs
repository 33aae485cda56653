namespace Smf.Sharding.Internal;

/// <summary>
/// The portable poller: sleeps on an event that <see cref="Wake"/> sets. I/O completions of the portable
/// socket transport arrive as posted work, so there is nothing to dispatch here.
/// </summary>
internal sealed class WaitHandlePoller : IShardPoller
{
    private readonly AutoResetEvent _event = new(false);

    public bool Poll(int timeoutMilliseconds)
    {
        _event.WaitOne(timeoutMilliseconds);
        return false;
    }

    public void Wake() => _event.Set();

    public void Dispose() => _event.Dispose();
}
