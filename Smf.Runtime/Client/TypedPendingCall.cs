using System.Buffers;
using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Client;

/// <summary>A call made with the typed API; its reply is an <see cref="RpcRecvTypedContext{T}"/> over the pooled payload.</summary>
/// <typeparam name="T">The accessor struct of the response table.</typeparam>
internal sealed class TypedPendingCall<T> : PendingCallSource<RpcRecvTypedContext<T>>
    where T : struct, IFlatbufferObject, IRpcTable<T>
{
    protected override RpcRecvTypedContext<T> CreateResult(in ReceivedFrame frame) =>
        RpcRecvTypedContext<T>.Rent(frame.Header, new ArraySegment<byte>(frame.Array, 0, (int)frame.Header.Size), ArrayPool<byte>.Shared);

    protected override void ReturnToPool() => PendingCallPool<TypedPendingCall<T>>.Return(this);
}
