namespace Smf.Client;

/// <summary>A call made with the raw API; its reply is an <see cref="RpcRecvContext"/>.</summary>
internal sealed class RawPendingCall : PendingCallSource<RpcRecvContext>
{
    protected override RpcRecvContext CreateResult(in ReceivedFrame frame) => new(frame);

    protected override void ReturnToPool() => PendingCallPool<RawPendingCall>.Return(this);
}
