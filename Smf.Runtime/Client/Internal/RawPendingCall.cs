namespace Smf.Client.Internal;

/// <summary>A call whose reply is handed over as an <see cref="RpcResponse"/>.</summary>
internal sealed class RawPendingCall : PendingCallSource<RpcResponse>
{
    protected override RpcResponse CreateResult(in ReceivedFrame frame) => new(frame);

    protected override void ReturnToPool() => PendingCallPool<RawPendingCall>.Return(this);
}
