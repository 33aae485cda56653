using Smf.Hosting.Tests.Infrastructure;
using Smf.Interceptors;
using Smf.Server;

namespace Smf.Hosting.Tests.Security;

/// <summary>A server interceptor built with injection: records "<c>name</c> before/after <c>method</c> from <c>subject</c>" in the <see cref="Journal"/>.</summary>
public class RecordingInterceptor(Journal journal) : RpcInterceptor
{
    protected virtual string Name => "outer";

    public override async ValueTask<TResponse> UnaryServerHandlerAsync<TRequest, TResponse>(TRequest request, RpcCallContext context, RpcUnaryHandler<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        journal.Record($"{Name} before {context.Method.Name} from {context.PeerCertificate?.Subject ?? "anonymous"}");
        var response = await continuation(request, context);
        journal.Record($"{Name} after {context.Method.Name}");
        return response;
    }
}

/// <summary>The second interceptor of the order test.</summary>
public sealed class InnerRecordingInterceptor(Journal journal) : RecordingInterceptor(journal)
{
    protected override string Name => "inner";
}

/// <summary>Answers every <c>Fail</c> call 429 without running the handler.</summary>
public sealed class ShortCircuitInterceptor : RpcInterceptor
{
    public override ValueTask<TResponse> UnaryServerHandlerAsync<TRequest, TResponse>(TRequest request, RpcCallContext context, RpcUnaryHandler<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        return context.Method.Name == "Fail" ? throw new RpcException(RpcStatus.TooManyRequests, "Slow down.") : continuation(request, context);
    }
}

/// <summary>An interceptor whose constructor needs a service nobody registers.</summary>
public sealed class UnresolvableInterceptor(IServiceProvider services, Uri notRegistered) : RpcInterceptor
{
    public IServiceProvider Services { get; } = services;

    public Uri NotRegistered { get; } = notRegistered;
}
