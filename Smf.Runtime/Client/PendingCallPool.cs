namespace Smf.Client;

/// <summary>A bounded pool of <see cref="PendingCall"/> instances shared by every connection of one client.</summary>
internal sealed class PendingCallPool : IDisposable
{
    private readonly Stack<PendingCall> _free = new();
    private readonly int _capacity;
    private bool _disposed;

    public PendingCallPool(int capacity) => _capacity = capacity;

    public PendingCall Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var call))
            {
                return call;
            }
        }

        return new PendingCall(this);
    }

    public void Return(PendingCall call)
    {
        lock (_free)
        {
            if (!_disposed && _free.Count < _capacity)
            {
                _free.Push(call);
                return;
            }
        }

        call.Dispose();
    }

    public void Dispose()
    {
        lock (_free)
        {
            _disposed = true;
            while (_free.TryPop(out var call))
            {
                call.Dispose();
            }
        }
    }
}
