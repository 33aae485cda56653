using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Client.Internal;

/// <summary>A call whose reply is handed over as a pooled <see cref="RpcResponse{T}"/>.</summary>
internal sealed class TypedPendingCall<T> : PendingCallSource<RpcResponse<T>>
    where T : struct, IFlatbufferObject, IRpcTable<T>
{
    protected override RpcResponse<T> CreateResult(in ReceivedFrame frame) => RpcResponse<T>.Rent(frame.Header, frame.Array);

    protected override void ReturnToPool() => PendingCallPool<TypedPendingCall<T>>.Return(this);
}
