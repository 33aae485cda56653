namespace Smf.Server.Internal;

/// <summary>Counts open connections over all shards against <see cref="RpcServerOptions.MaxConnections"/>.</summary>
internal sealed class ConnectionLimiter(int max)
{
    private int _open;

    public int Max { get; } = max;

    public bool TryAcquire()
    {
        if (Interlocked.Increment(ref _open) <= Max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _open);
}
