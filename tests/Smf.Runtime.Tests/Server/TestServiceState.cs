namespace Smf.Runtime.Tests.Server;

/// <summary>State a test shares with every shard's <see cref="TestService"/>.</summary>
internal sealed class TestServiceState
{
    private int _gateEntered;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int GateEnteredCount => Volatile.Read(ref _gateEntered);

    public void GateEntered() => Interlocked.Increment(ref _gateEntered);
}
