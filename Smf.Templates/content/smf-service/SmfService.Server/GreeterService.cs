using Microsoft.Extensions.Logging;
using Smf;
using Smf.Server;

namespace SmfService.Server;

/// <summary>The Greeter service; Greeter is generated from SmfService.fbs. One instance per shard.</summary>
internal sealed class GreeterService(ILogger<GreeterService> logger) : Greeter
{
    public override ValueTask<HelloReplyT> SayHelloAsync(HelloRequest request, RpcCallContext context)
    {
        if (request.Name is not { Length: > 0 } name)
        {
            throw new RpcException(RpcStatus.BadRequest, "SayHello needs a name.");
        }

        logger.LogInformation("Greeting {Name} on shard {Shard}", name, context.ShardId);
        return ValueTask.FromResult(new HelloReplyT { Message = $"Hello, {name}!" });
    }
}
