using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;

namespace Smf.Hosting.Internal;

/// <summary>
/// The endpoints of one <c>smf://host.name:port</c> name: one per address DNS answers, valid until a change token that
/// fires after the refresh period (or at once, when <see cref="Expire"/> is called after a connection failure), which
/// makes the service discovery watcher look the name up again.
/// </summary>
internal sealed class SmfDnsServiceEndpointProvider(
    string host, int port, TimeSpan refreshPeriod, TimeProvider clock, ILogger logger, Action<SmfDnsServiceEndpointProvider> onDisposed) : IServiceEndpointProvider
{
    private CancellationTokenSource? _expiry;

    public async ValueTask PopulateAsync(IServiceEndpointBuilder endpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Endpoints.Count != 0)
        {
            // An earlier provider (configuration) answered for this name.
            return;
        }

        var expiry = new CancellationTokenSource(refreshPeriod, clock);
        Interlocked.Exchange(ref _expiry, expiry);
        endpoints.AddChangeToken(new CancellationChangeToken(expiry.Token));
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        SmfDnsLog.Resolved(logger, host, addresses.Length, refreshPeriod);
        foreach (var address in addresses)
        {
            var endpoint = ServiceEndpoint.Create(new IPEndPoint(address, port));
            endpoint.Features.Set<IServiceEndpointProvider>(this);
            endpoints.Endpoints.Add(endpoint);
        }
    }

    /// <summary>
    /// Fires the current change token, so the name is looked up again now; its callbacks run on the thread pool, not on
    /// the call that found the connection failed.
    /// </summary>
    public void Expire() => _ = Volatile.Read(ref _expiry)?.CancelAsync();

    public ValueTask DisposeAsync()
    {
        onDisposed(this);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => "Smf DNS";
}
