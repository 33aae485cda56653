using System.Collections.Concurrent;
using Google.FlatBuffers;
using Smf.Client;
using Smf.Interceptors;
using Smf.Messages;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Security;
using Smf.Runtime.Tests.Server;
using Smf.Server;

namespace Smf.Runtime.Tests.Interceptors;

[TestClass]
public sealed class InterceptorTests
{
    [TestMethod]
    public async Task ServerCall_TwoInterceptors_RunInOrderAroundTheHandlerAndSeeTheMethod()
    {
        var trace = new ConcurrentQueue<string>();
        await using var server = await TlsTestServer.StartAsync(tls: null, o =>
        {
            o.Interceptors.Add(new Recording("a", trace));
            o.Interceptors.Add(new Recording("b", trace));
        });
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.EndPoint });

        var response = await client.CallAsync<PutRequestT, PutRequest, PutRequestT>(TypedService.PutId, new PutRequestT { Key = "k" }, static r => new PutRequestT { Key = r.Key, Value = r.Value });

        Assert.AreEqual("k", response.Key);
        CollectionAssert.AreEqual(new[] { "a>Typed.Put", "b>Typed.Put", "<b", "<a" }, trace.ToArray());
    }

    [TestMethod]
    public async Task ServerCall_InterceptorThrowsRpcException_AnswersItsStatusWithoutRunningTheHandler()
    {
        await using var server = await TlsTestServer.StartAsync(tls: null, o => o.Interceptors.Add(new Blocking()));
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.EndPoint });

        using var blocked = await client.CallAsync<PutRequestT, PutRequest>(TypedService.PutId, new PutRequestT { Key = "blocked" });
        using var passed = await client.CallAsync<PutRequestT, PutRequest>(TypedService.PutId, new PutRequestT { Key = "fine" });

        Assert.AreEqual(RpcStatus.Forbidden, blocked.Status);
        Assert.AreEqual(RpcStatus.Ok, passed.Status);
        Assert.AreEqual("Typed.Put on shard 0", passed.Message.Value, "The handler ran for the call the interceptor let through.");
    }

    [TestMethod]
    public async Task ClientCall_RetryingInterceptor_RetriesAnUnavailableReplyOnceAndTypedCallsGoThroughIt()
    {
        var trace = new ConcurrentQueue<string>();
        await using var server = await TlsTestServer.StartAsync(tls: null, o => o.Interceptors.Add(new UnavailableOnce()));
        var options = new RpcClientOptions { EndPoint = server.EndPoint };
        options.Interceptors.Add(new Recording("outer", trace));
        options.Interceptors.Add(new RetryUnavailable());
        await using var client = new RpcClient(options);

        var response = await client.CallAsync<PutRequestT, PutRequest, PutRequestT>(TypedService.PutId, new PutRequestT { Key = "retry-me" }, static r => new PutRequestT { Key = r.Key, Value = r.Value });

        Assert.AreEqual("retry-me", response.Key);
        CollectionAssert.AreEqual(new[] { $"outer>{TypedService.PutId}", "<outer" }, trace.ToArray());
    }

    [TestMethod]
    public async Task ClientCall_InterceptorThrows_CallFailsWithoutBeingSent()
    {
        await using var server = await TlsTestServer.StartAsync(tls: null);
        var options = new RpcClientOptions { EndPoint = server.EndPoint };
        options.Interceptors.Add(new Blocking());
        await using var client = new RpcClient(options);

        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () => await client.CallAsync<PutRequestT, PutRequest>(TypedService.PutId, new PutRequestT { Key = "blocked" }));

        Assert.AreEqual(RpcStatus.Forbidden, error.Status);
        Assert.IsFalse(client.IsConnected, "Nothing was sent, so the client never connected.");
    }

    private sealed class Recording(string name, ConcurrentQueue<string> trace) : RpcInterceptor
    {
        public override async ValueTask<TResponse> UnaryServerHandlerAsync<TRequest, TResponse>(TRequest request, RpcCallContext context, RpcUnaryHandler<TRequest, TResponse> continuation)
        {
            trace.Enqueue($"{name}>{context.ServiceName}.{context.Method.Name}");
            try
            {
                return await continuation(request, context);
            }
            finally
            {
                trace.Enqueue($"<{name}");
            }
        }

        public override async ValueTask<RpcResponse<TResponse>> UnaryCallAsync<TRequest, TResponse>(TRequest? request, RpcClientCallContext context, RpcClientContinuation<TRequest, TResponse> continuation)
            where TRequest : class
        {
            trace.Enqueue($"{name}>{context.RequestId}");
            try
            {
                return await continuation(request, context);
            }
            finally
            {
                trace.Enqueue($"<{name}");
            }
        }
    }

    private sealed class Blocking : RpcInterceptor
    {
        public override ValueTask<TResponse> UnaryServerHandlerAsync<TRequest, TResponse>(TRequest request, RpcCallContext context, RpcUnaryHandler<TRequest, TResponse> continuation) =>
            request is PutRequest { Key: "blocked" } ? throw new RpcException(RpcStatus.Forbidden, "Blocked by the interceptor.") : continuation(request, context);

        public override ValueTask<RpcResponse<TResponse>> UnaryCallAsync<TRequest, TResponse>(TRequest? request, RpcClientCallContext context, RpcClientContinuation<TRequest, TResponse> continuation)
            where TRequest : class =>
            request is PutRequestT { Key: "blocked" } ? throw new RpcException(RpcStatus.Forbidden, "Blocked on the client.") : continuation(request, context);
    }

    /// <summary>Answers 503 to the first call of each key, then lets the calls through.</summary>
    private sealed class UnavailableOnce : RpcInterceptor
    {
        private readonly ConcurrentDictionary<string, bool> _seen = new();

        public override ValueTask<TResponse> UnaryServerHandlerAsync<TRequest, TResponse>(TRequest request, RpcCallContext context, RpcUnaryHandler<TRequest, TResponse> continuation) =>
            request is PutRequest { Key: { } key } && _seen.TryAdd(key, true) ? throw new RpcException(RpcStatus.Unavailable, "Try again.") : continuation(request, context);
    }

    private sealed class RetryUnavailable : RpcInterceptor
    {
        public override async ValueTask<RpcResponse<TResponse>> UnaryCallAsync<TRequest, TResponse>(TRequest? request, RpcClientCallContext context, RpcClientContinuation<TRequest, TResponse> continuation)
            where TRequest : class
        {
            var first = await continuation(request, context);
            if (first.Status != RpcStatus.Unavailable)
            {
                return first;
            }

            first.Dispose();
            return await continuation(request, context with { Options = context.Options with { Timeout = TimeSpan.FromSeconds(5) } });
        }
    }
}
