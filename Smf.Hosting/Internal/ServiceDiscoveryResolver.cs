using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Smf.Balancing;

namespace Smf.Hosting.Internal;

/// <summary>
/// An <see cref="RpcResolver"/> over the host's <see cref="ServiceEndpointResolver"/> for one <c>smf://</c> address:
/// each answer is the resolver's current endpoints, the channel resolves again when their change token fires, and a
/// connection failure expires a DNS answer so the next one is looked up anew.
/// </summary>
internal sealed class ServiceDiscoveryResolver(ServiceEndpointResolver resolver, string address, SmfDnsServiceEndpointProviderFactory? dns) : RpcResolver
{
    private readonly Lock _watchLock = new();
    private IChangeToken? _watched;
    private IDisposable? _registration;

    public override async ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken)
    {
        var source = await resolver.GetEndpointsAsync(address, cancellationToken).ConfigureAwait(false);
        var endPoints = new List<EndPoint>(source.Endpoints.Count);
        foreach (var endpoint in source.Endpoints)
        {
            endPoints.Add(ToSmfEndPoint(endpoint.EndPoint));
        }

        Watch(source.ChangeToken);
        return endPoints;
    }

    protected override void OnConnectionFailed(EndPoint endPoint) => dns?.Expire(address);

    /// <summary>Listens to the answer's change token, once per token.</summary>
    private void Watch(IChangeToken token)
    {
        lock (_watchLock)
        {
            if (ReferenceEquals(token, _watched))
            {
                return;
            }

            _registration?.Dispose();
            _watched = token;
            _registration = token.ActiveChangeCallbacks
                ? token.RegisterChangeCallback(static state => ((ServiceDiscoveryResolver)state!).NotifyChanged(), this)
                : null;
        }
    }

    /// <summary>An endpoint the channel can connect to: an address with a port, or a host name with a port.</summary>
    private EndPoint ToSmfEndPoint(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { Port: > 0 } or DnsEndPoint { Port: > 0 } => endPoint,
        UriEndPoint { Uri: { Port: > 0 } uri } => System.Net.IPAddress.TryParse(uri.Host, out var ip) ? new IPEndPoint(ip, uri.Port) : new DnsEndPoint(uri.IdnHost, uri.Port),
        IPEndPoint or DnsEndPoint or UriEndPoint => throw new InvalidOperationException(
            $"Service discovery resolved '{address}' to '{endPoint}', which has no port: list the endpoints as host:port in configuration (Services:<name>:{SmfClientAddress.DiscoveryScheme}:0) "
            + $"or give the port in the address (smf://host.name:port) with AddSmfDnsServiceEndpointProvider()."),
        _ => endPoint,
    };
}
