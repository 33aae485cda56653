using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Google.FlatBuffers;
using Smf.Internal;
using Smf.Messages;
using Smf.Sharding.Internal;

namespace Smf.Server.Internal;

internal sealed partial class UnaryDispatcher<TRequest, TResponse>
    where TRequest : struct, IFlatbufferObject, IRpcTable<TRequest>
    where TResponse : class, IRpcObject<TResponse>
{
    /// <summary>
    /// The reply of a call whose handler really awaits: waits for the handler's response, serializes it on the call's
    /// shard and completes the <see cref="RpcReply"/> the call context awaits, inline. Pooled per shard thread, so
    /// however many calls are in flight none allocates here (a pooled async state machine keeps one per thread).
    /// </summary>
    private sealed class AwaitedReply : IValueTaskSource<RpcReply>
    {
        private const int MaxPooled = 256;

        private readonly Action _onResponse;
        private ManualResetValueTaskSourceCore<RpcReply> _core;
        private RpcCallContext? _context;
        private ValueTask<TResponse> _pending;

        private AwaitedReply() => _onResponse = SerializeReply;

        public static ValueTask<RpcReply> Start(RpcCallContext context, ValueTask<TResponse> pending)
        {
            // Rented where the handler was called and returned where the context reads the reply: both the call's shard.
            var reply = PerThreadPool<AwaitedReply>.TryRent() ?? new AwaitedReply();
            reply._context = context;
            reply._pending = pending;
            var token = reply._core.Version;

            // Resumes on the shard's context, so the shard's reply builder may be used. Not ConfigureAwait(false): a
            // task never runs such a continuation inline under a synchronization context, it queues it to the thread pool.
            pending.GetAwaiter().UnsafeOnCompleted(reply._onResponse);
            return new ValueTask<RpcReply>(reply, token);
        }

        public RpcReply GetResult(short token)
        {
            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                _context = null;
                _core.Reset();
                PerThreadPool<AwaitedReply>.Return(this, MaxPooled);
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        private void SerializeReply()
        {
            Debug.Assert(ShardLoop.Current == _context!.Shard.Loop, "A reply is serialized on its call's shard.");
            var pending = _pending;
            _pending = default;
            RpcReply reply;
            try
            {
                reply = UnaryDispatcher<TRequest, TResponse>.Serialize(_context!, pending.GetAwaiter().GetResult());
            }
            catch (Exception e)
            {
                _core.SetException(e);
                return;
            }

            _core.SetResult(reply);
        }
    }
}
