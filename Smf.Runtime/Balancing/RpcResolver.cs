using System.Net;
using Smf.Balancing.Internal;

namespace Smf.Balancing;

/// <summary>
/// Where an <see cref="RpcChannel"/> gets its endpoints (gRPC's resolver): asked when the channel makes its first
/// call, every <see cref="RpcChannelOptions.RefreshPeriod"/>, after a connection to an endpoint fails, and when the
/// resolver calls <see cref="NotifyChanged"/>. Smf.Hosting has one over Microsoft.Extensions.ServiceDiscovery;
/// <see cref="Static"/> is a fixed list.
/// </summary>
public abstract class RpcResolver
{
    /// <summary>Raised by <see cref="NotifyChanged"/>; each channel over this resolver refreshes in the background.</summary>
    internal event Action? Changed;

    /// <summary>The current endpoints. The channel calls this from one task at a time.</summary>
    /// <param name="cancellationToken">Canceled when the channel is disposed.</param>
    /// <returns>The endpoints; an empty list keeps the channel's previous ones.</returns>
    public abstract ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called when a connection to <paramref name="endPoint"/>, one of this resolver's answers, failed, just before the
    /// channel asks <see cref="ResolveAsync"/> again: a resolver that caches its answers (a DNS lookup) drops them here
    /// so that the next answer is fresh. Does nothing by default; an exception is logged and ignored.
    /// </summary>
    /// <param name="endPoint">The endpoint whose connection failed.</param>
    protected internal virtual void OnConnectionFailed(EndPoint endPoint)
    {
    }

    /// <summary>
    /// Makes every channel over this resolver call <see cref="ResolveAsync"/> again now, in the background: for a
    /// resolver that watches its source (configuration, a discovery service) and hears that it changed. Safe from any
    /// thread.
    /// </summary>
    protected void NotifyChanged() => Changed?.Invoke();

    /// <summary>A resolver that always answers <paramref name="endPoints"/>, for code without dependency injection.</summary>
    /// <param name="endPoints">The servers; at least one, none null.</param>
    /// <returns>The resolver.</returns>
    /// <exception cref="ArgumentException">The list is empty or holds null.</exception>
    public static RpcResolver Static(IEnumerable<EndPoint> endPoints)
    {
        ArgumentNullException.ThrowIfNull(endPoints);
        EndPoint[] list = [.. endPoints];
        if (list.Length == 0 || Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("A static resolver needs at least one endpoint and no null entries.", nameof(endPoints));
        }

        return new StaticResolver(list);
    }
}
