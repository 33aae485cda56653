namespace Smf.Internal;

/// <summary>
/// Creates timers that outlive whoever created them (a loop, a connection) and so must not capture their
/// ExecutionContext: no AsyncLocal values or activities of a caller ride along on every tick.
/// </summary>
internal static class DetachedTimer
{
    public static ITimer Create(TimeProvider clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var suppress = !ExecutionContext.IsFlowSuppressed();
        if (suppress)
        {
            ExecutionContext.SuppressFlow();
        }

        try
        {
            return clock.CreateTimer(callback, state, dueTime, period);
        }
        finally
        {
            if (suppress)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }
}
