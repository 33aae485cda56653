using Smf.Sharding.Internal;

namespace Smf.Server.Internal;

/// <summary>
/// The request bytes one shard may hold at once, decompressed bytes included. Connections reserve it as their bytes
/// arrive, a receive buffer's worth ahead; one whose next reservation does not fit waits in line (first come, first
/// served) with its reads paused, and released bytes go to the head of the line at the end of the loop iteration.
/// Shard-thread only.
/// </summary>
internal sealed class InFlightBudget(ShardLoop loop, long capacity, ShardCounters counters) : ILoopFlush
{
    private readonly Queue<ServerConnection> _waiters = new();
    private long _available = capacity;
    private bool _released;

    /// <summary>
    /// Reserves <paramref name="size"/> bytes, or puts <paramref name="connection"/> in line for them; it then gets
    /// <see cref="ServerConnection.BudgetRequest"/> bytes through <see cref="ServerConnection.ResumeWithBudget"/>.
    /// </summary>
    public bool TryReserve(ServerConnection connection, long size)
    {
        if (_waiters.Count == 0 && _available >= size)
        {
            Take(size);
            return true;
        }

        _waiters.Enqueue(connection);
        return false;
    }

    public void Release(long size)
    {
        _available += size;
        counters.InFlightBytes -= size;
        ScheduleResume();
    }

    /// <summary>Notes that a waiting connection closed; it is skipped when it reaches the head of the line.</summary>
    public void Forget() => ScheduleResume();

    /// <summary>Hands released bytes to the connections waiting, in order, at the end of the iteration.</summary>
    void ILoopFlush.Flush()
    {
        _released = false;
        while (_waiters.Count > 0)
        {
            var connection = _waiters.Peek();
            if (connection.IsClosed)
            {
                _waiters.Dequeue();
                continue;
            }

            var size = connection.BudgetRequest;
            if (_available < size)
            {
                return;
            }

            _waiters.Dequeue();
            Take(size);
            connection.ResumeWithBudget();
        }
    }

    private void ScheduleResume()
    {
        if (!_released && _waiters.Count > 0)
        {
            _released = true;
            loop.ScheduleFlush(this);
        }
    }

    private void Take(long size)
    {
        _available -= size;
        counters.InFlightBytes += size;
    }
}
