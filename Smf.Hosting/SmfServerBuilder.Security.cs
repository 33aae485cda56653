using Microsoft.Extensions.DependencyInjection;
using Smf.Interceptors;
using Smf.Security;
using Smf.Server;

namespace Smf.Hosting;

/// <summary>Interceptors and authorization of the hosted smf server.</summary>
public sealed partial class SmfServerBuilder
{
    /// <summary>
    /// Runs <typeparamref name="TInterceptor"/> around every typed call (<see cref="RpcServerOptions.Interceptors"/>).
    /// Interceptors run in the order they are added, the first outermost. When the server starts, one instance is created
    /// with constructor injection (<see cref="ActivatorUtilities"/>: singletons, <c>ILogger&lt;T&gt;</c>,
    /// <c>IOptions&lt;T&gt;</c>, <see cref="SmfServer"/>); it serves every shard at once, so it must be thread-safe. A
    /// dependency that cannot be resolved fails the host's start with a message that names it.
    /// </summary>
    /// <typeparam name="TInterceptor">The interceptor class.</typeparam>
    /// <returns>This builder.</returns>
    public SmfServerBuilder AddInterceptor<TInterceptor>()
        where TInterceptor : RpcInterceptor
    {
        var factory = ActivatorUtilities.CreateFactory(typeof(TInterceptor), Type.EmptyTypes);
        return AddInterceptor(services => (TInterceptor)factory(services, null));
    }

    /// <summary>Runs the interceptor <paramref name="factory"/> creates, once, when the server starts; see <see cref="AddInterceptor{TInterceptor}()"/>.</summary>
    /// <typeparam name="TInterceptor">The interceptor class.</typeparam>
    /// <param name="factory">Creates the interceptor from the host's services.</param>
    /// <returns>This builder.</returns>
    public SmfServerBuilder AddInterceptor<TInterceptor>(Func<IServiceProvider, TInterceptor> factory)
        where TInterceptor : RpcInterceptor
    {
        ArgumentNullException.ThrowIfNull(factory);
        _registrations.Interceptors.Add((typeof(TInterceptor), factory));
        return this;
    }

    /// <summary>
    /// Sets authorization policies (<see cref="RpcServerOptions.Authorization"/>): <paramref name="configure"/> fills the
    /// server's <see cref="RpcAuthorization"/> table when the server starts, with the host's services at hand (options,
    /// a thumbprint list from configuration, your own policy class). Calling it again adds to the same table, in order;
    /// a later policy for the same service or method replaces an earlier one.
    /// </summary>
    /// <param name="configure">Adds policies to the table, given the host's services.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddSmfServer()
    ///     .AddService&lt;KvStoreService&gt;()
    ///     .AddAuthorization((services, authorization) =&gt;
    ///     {
    ///         authorization.DefaultPolicy = RpcAuthorization.RequireClientCertificate;
    ///         authorization.Add("HealthService", RpcAuthorization.AllowAnonymous);
    ///     });
    /// </code>
    /// </example>
    public SmfServerBuilder AddAuthorization(Action<IServiceProvider, RpcAuthorization> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _registrations.Authorization.Add(configure);
        return this;
    }

    /// <summary>Sets authorization policies without the host's services; see <see cref="AddAuthorization(Action{IServiceProvider, RpcAuthorization})"/>.</summary>
    /// <param name="configure">Adds policies to the table.</param>
    /// <returns>This builder.</returns>
    public SmfServerBuilder AddAuthorization(Action<RpcAuthorization> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddAuthorization((_, authorization) => configure(authorization));
    }
}
