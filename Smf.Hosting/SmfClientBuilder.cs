using Microsoft.Extensions.DependencyInjection;
using Smf.Client;
using Smf.Interceptors;

namespace Smf.Hosting;

/// <summary>
/// Configures one named smf client after <c>AddSmfClient</c> (grpc-dotnet's <c>IHttpClientBuilder</c> from
/// <c>AddGrpcClient</c>): <c>builder.Services.AddSmfClient&lt;MemoryNodeClient&gt;().AddInterceptor&lt;CallLogging&gt;()</c>.
/// </summary>
public sealed class SmfClientBuilder
{
    internal SmfClientBuilder(IServiceCollection services, string name)
    {
        Services = services;
        Name = name;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The client name; its configuration section is <c>Smf:Clients:&lt;name&gt;</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Runs <typeparamref name="TInterceptor"/> around every typed call of this client name
    /// (<see cref="RpcClientOptions.Interceptors"/>). Interceptors run in the order they are added, the first outermost.
    /// One instance is created, with constructor injection from the host's services (<see cref="ActivatorUtilities"/>:
    /// singletons, <c>ILogger&lt;T&gt;</c>, <c>IOptions&lt;T&gt;</c>), when the client is first needed, and serves every
    /// call of that name at once: keep it thread-safe. Over many servers it runs around each attempt on the endpoint
    /// picked (<see cref="RpcClientCallContext.EndPoint"/>), so an idempotent call sent again runs it again.
    /// </summary>
    /// <typeparam name="TInterceptor">The interceptor class.</typeparam>
    /// <returns>This builder.</returns>
    public SmfClientBuilder AddInterceptor<TInterceptor>()
        where TInterceptor : RpcInterceptor
    {
        var factory = ActivatorUtilities.CreateFactory(typeof(TInterceptor), Type.EmptyTypes);
        return AddInterceptor(services => (TInterceptor)factory(services, null));
    }

    /// <summary>Runs the interceptor <paramref name="factory"/> creates, once, when the client is first needed; see <see cref="AddInterceptor{TInterceptor}()"/>.</summary>
    /// <param name="factory">Creates the interceptor from the host's services.</param>
    /// <returns>This builder.</returns>
    public SmfClientBuilder AddInterceptor(Func<IServiceProvider, RpcInterceptor> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Configure<SmfClientOptions>(Name, o => o.InterceptorFactories.Add(factory));
        return this;
    }
}
