using System.Net;
using System.Net.Sockets;

namespace Smf.Hosting.Internal;

/// <summary>Parses <see cref="SmfClientOptions.Address"/>: <c>host:port</c>, <c>[v6]:port</c> or <c>unix:/path</c>.</summary>
internal static class SmfClientAddress
{
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
