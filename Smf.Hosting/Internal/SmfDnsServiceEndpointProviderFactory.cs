using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ServiceDiscovery;

namespace Smf.Hosting.Internal;

/// <summary>
/// Creates a <see cref="SmfDnsServiceEndpointProvider"/> for each <c>smf://host.name:port</c> query, and keeps the live
/// ones by query so that a connection failure can make one look its name up again.
/// </summary>
internal sealed class SmfDnsServiceEndpointProviderFactory(SmfDnsServiceEndpointProviderOptions options, TimeProvider clock, ILogger logger) : IServiceEndpointProviderFactory
{
    private readonly ConcurrentDictionary<string, SmfDnsServiceEndpointProvider> _providers = new(StringComparer.OrdinalIgnoreCase);

    public bool TryCreateProvider(ServiceEndpointQuery query, [NotNullWhen(true)] out IServiceEndpointProvider? provider)
    {
        ArgumentNullException.ThrowIfNull(query);
        provider = null;
        var text = query.ToString();
        if (text is null
            || !query.IncludedSchemes.Contains(SmfClientAddress.DiscoveryScheme, StringComparer.OrdinalIgnoreCase)
            || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || uri.Port <= 0
            || uri.HostNameType != UriHostNameType.Dns)
        {
            return false;
        }

        var created = new SmfDnsServiceEndpointProvider(query.ServiceName, uri.Port, options.RefreshPeriod, clock, logger, p => _providers.TryRemove(new(text, p)));
        _providers[text] = created;
        provider = created;
        return true;
    }

    /// <summary>Makes the provider of <paramref name="query"/>, if there is one, look its name up again.</summary>
    public void Expire(string query)
    {
        if (_providers.TryGetValue(query, out var provider))
        {
            provider.Expire();
        }
    }
}
