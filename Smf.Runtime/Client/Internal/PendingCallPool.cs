namespace Smf.Client.Internal;

/// <summary>
/// A process-wide pool of one concrete kind of <see cref="PendingCall"/>, shared by every client. It keeps
/// at most <see cref="Capacity"/> idle instances; extra ones are dropped.
/// </summary>
/// <typeparam name="TCall">The concrete call type.</typeparam>
internal static class PendingCallPool<TCall>
    where TCall : PendingCall, new()
{
    public const int Capacity = 4096;

    private static readonly Stack<TCall> Free = new();

    public static TCall Rent()
    {
        lock (Free)
        {
            if (Free.TryPop(out var call))
            {
                return call;
            }
        }

        return new TCall();
    }

    public static void Return(TCall call)
    {
        lock (Free)
        {
            if (Free.Count < Capacity)
            {
                Free.Push(call);
            }
        }
    }
}
