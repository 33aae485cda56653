using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// A typed service the way generated code declares one: Put echoes the request unless its key asks for a status
/// ("throw:404" throws RpcException, "status:404" sets the context's status, "crash" throws something else; an
/// "await:" prefix does the same after the handler really awaits), and counts the calls its handler saw.
/// </summary>
internal sealed class TypedService(bool? verifyRequests = null) : RpcService
{
    public const string ServiceName = "Typed";

    private RpcMethod[]? _methods;

    public static uint PutId { get; } = RequestId.Combine(RequestId.ForService(ServiceName), RequestId.ForMethod("Put", "test::PutRequest", "test::PutRequest"));

    public static int HandlerCalls;

    public override string Name => ServiceName;

    public override bool? VerifyRequests => verifyRequests;

    public override IReadOnlyList<RpcMethod> Methods => _methods ??= [RpcMethod.Unary<PutRequest, PutRequestT>("Put", RequestId.ForMethod("Put", "test::PutRequest", "test::PutRequest"), PutAsync)];

    private ValueTask<PutRequestT> PutAsync(PutRequest request, RpcCallContext context)
    {
        Interlocked.Increment(ref HandlerCalls);
        if (verifyRequests == false)
        {
            // Unverified requests may be garbage: this handler does not read them.
            return new ValueTask<PutRequestT>(new PutRequestT { Key = "unread" });
        }

        var key = request.Key ?? string.Empty;
        if (key.StartsWith("await:", StringComparison.Ordinal))
        {
            return AfterYieldAsync(key["await:".Length..], context);
        }

        if (key.StartsWith("throw:", StringComparison.Ordinal))
        {
            throw new RpcException((RpcStatus)uint.Parse(key["throw:".Length..]), "Asked to fail.");
        }

        if (key.StartsWith("status:", StringComparison.Ordinal))
        {
            context.Status = (RpcStatus)uint.Parse(key["status:".Length..]);
        }

        if (key == "crash")
        {
            throw new InvalidOperationException("Not an RpcException.");
        }

        return new ValueTask<PutRequestT>(new PutRequestT { Key = key, Value = $"{context.ServiceName}.{context.Method.Name} on shard {context.ShardId}" });
    }

    private static async ValueTask<PutRequestT> AfterYieldAsync(string key, RpcCallContext context)
    {
        await Task.Yield();
        if (key == "crash")
        {
            throw new InvalidOperationException("Not an RpcException.");
        }

        return new PutRequestT { Key = key, Value = $"{context.ServiceName}.{context.Method.Name} on shard {context.ShardId}" };
    }
}
