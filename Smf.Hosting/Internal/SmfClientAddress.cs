using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Smf.Hosting.Internal;

/// <summary>
/// Parses <see cref="SmfClientOptions.Address"/>: <c>host:port</c>, <c>[v6]:port</c> or <c>unix:/path</c>, or tells a
/// service-discovery name (<c>smf://kvstore</c>) apart.
/// </summary>
internal static class SmfClientAddress
{
    /// <summary>The scheme of addresses resolved through Microsoft.Extensions.ServiceDiscovery.</summary>
    public const string DiscoveryScheme = "smf";

    /// <summary>Whether <paramref name="text"/> is a service-discovery name: <c>smf://name</c> or <c>smf://host.name:port</c>.</summary>
    public static bool IsDiscovered([NotNullWhen(true)] string? text) =>
        text is not null && text.StartsWith(DiscoveryScheme + "://", StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string? text, out EndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.None, 0);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text["unix:".Length..];
            if (path.Length == 0)
            {
                return false;
            }

            endPoint = new UnixDomainSocketEndPoint(path);
            return true;
        }

        if (IPEndPoint.TryParse(text, out var ip) && ip.Port != 0 && text.LastIndexOf(':') > text.LastIndexOf(']'))
        {
            endPoint = ip;
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon];
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            return false;
        }

        endPoint = new DnsEndPoint(host, port);
        return true;
    }
}
