using Smf.Interceptors;

namespace Smf.Hosting;

/// <summary>The interceptors of one named smf client, added with <see cref="SmfClientBuilder.AddInterceptor{TInterceptor}()"/>.</summary>
public sealed partial class SmfClientOptions
{
    /// <summary>Creates each interceptor from the host's services, outermost first; not bound from configuration.</summary>
    internal List<Func<IServiceProvider, RpcInterceptor>> InterceptorFactories { get; } = [];
}
