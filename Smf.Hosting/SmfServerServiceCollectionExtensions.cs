using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smf.Hosting;
using Smf.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the hosted smf server to a service collection: <c>builder.Services.AddSmfServer().AddService&lt;T&gt;()</c>.</summary>
public static class SmfServerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the smf server as a hosted service: it starts with the host (a port that is taken, an invalid setting or a
    /// service that cannot be constructed fails the start) and drains when the host stops. Its options are bound from
    /// the configuration section <c>Smf:Server</c> (<see cref="SmfServerOptions"/>) and checked at start. Logging and the
    /// clock (a <see cref="TimeProvider"/>, when one is registered) come from the host's services. Calling it again
    /// returns a builder for the same server.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes the options after they are bound from configuration; <see langword="null"/> for none.</param>
    /// <returns>The builder to add services (<see cref="SmfServerBuilder.AddService{TService}()"/>) and sharded state with.</returns>
    public static SmfServerBuilder AddSmfServer(this IServiceCollection services, Action<SmfServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var registrations = services.FirstOrDefault(d => d.ServiceType == typeof(SmfServerRegistrations))?.ImplementationInstance as SmfServerRegistrations;
        if (registrations is null)
        {
            registrations = new SmfServerRegistrations();
            services.AddSingleton(registrations);
            services.AddOptions<SmfServerOptions>().BindConfiguration(SmfServerOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmfServerOptions>, SmfServerOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmfServerOptions>, SmfServerTlsOptionsValidator>());
            services.TryAddSingleton(static _ => new SmfServer());
            services.TryAddSingleton<ShardedInstances>();
            services.AddHostedService<SmfServerHostedService>();
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new SmfServerBuilder(services, registrations);
    }
}
