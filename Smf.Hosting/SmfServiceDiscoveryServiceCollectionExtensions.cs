using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;
using Smf.Hosting;
using Smf.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the smf DNS endpoint provider to Microsoft.Extensions.ServiceDiscovery.</summary>
public static class SmfServiceDiscoveryServiceCollectionExtensions
{
    /// <summary>
    /// Resolves <c>smf://host.name:port</c> client addresses (<see cref="SmfClientOptions.Address"/>) to one endpoint per
    /// address DNS answers for the name (<see cref="System.Net.Dns.GetHostAddressesAsync(string, CancellationToken)"/>:
    /// A and AAAA records, one per pod for a Kubernetes headless service), looked up again every
    /// <see cref="SmfDnsServiceEndpointProviderOptions.RefreshPeriod"/> and after a connection to one of them fails.
    /// Providers answer in the order they are added: call <c>AddServiceDiscovery()</c> (the configuration provider)
    /// first, and a name that configuration lists (<c>Services:&lt;name&gt;:smf</c>) is not looked up. Adds the core
    /// service discovery services if they are not there.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes the options after they are bound from <c>Smf:ServiceDiscovery:Dns</c>; <see langword="null"/> for none.</param>
    /// <returns><paramref name="services"/>, to chain.</returns>
    public static IServiceCollection AddSmfDnsServiceEndpointProvider(this IServiceCollection services, Action<SmfDnsServiceEndpointProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SmfDnsServiceEndpointProviderOptions>()
            .BindConfiguration(SmfDnsServiceEndpointProviderOptions.SectionName)
            .Validate(
                o => o.RefreshPeriod > TimeSpan.Zero && o.RefreshPeriod <= TimeSpan.FromMilliseconds(int.MaxValue),
                $"{SmfDnsServiceEndpointProviderOptions.SectionName}:{nameof(SmfDnsServiceEndpointProviderOptions.RefreshPeriod)} must be positive (at most 24 days).")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(SmfDnsServiceEndpointProviderFactory)))
        {
            return services;
        }

        services.AddServiceDiscoveryCore();
        services.AddSingleton(static sp => new SmfDnsServiceEndpointProviderFactory(
            sp.GetRequiredService<IOptions<SmfDnsServiceEndpointProviderOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<SmfDnsServiceEndpointProviderFactory>()));
        services.AddSingleton<IServiceEndpointProviderFactory>(static sp => sp.GetRequiredService<SmfDnsServiceEndpointProviderFactory>());
        return services;
    }
}
