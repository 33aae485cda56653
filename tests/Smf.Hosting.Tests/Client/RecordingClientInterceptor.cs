using Microsoft.Extensions.Options;
using Smf.Client;
using Smf.Hosting.Tests.Infrastructure;
using Smf.Interceptors;

namespace Smf.Hosting.Tests.Client;

/// <summary>
/// A client interceptor built with injection: records "<c>name</c> before/after <c>request id</c> on <c>endpoint</c>"
/// in the <see cref="Journal"/>, and stamps the call with the deadline of the client's injected options.
/// </summary>
public sealed class RecordingClientInterceptor(Journal journal, IOptionsMonitor<SmfClientOptions> options, string name = "outer") : RpcInterceptor
{
    public override async ValueTask<RpcResponse<TResponse>> UnaryCallAsync<TRequest, TResponse>(TRequest? request, RpcClientCallContext context, RpcClientContinuation<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : struct
    {
        ArgumentNullException.ThrowIfNull(continuation);
        journal.Record($"{name} before {context.RequestId} on {context.EndPoint} with deadline {options.Get("Recording").CallTimeout}");
        var response = await continuation(request, context);
        journal.Record($"{name} after {context.RequestId}");
        return response;
    }
}
