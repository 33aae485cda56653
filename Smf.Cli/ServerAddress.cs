using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Smf.Cli;

/// <summary>Parses the server address: <c>host:port</c>, <c>[v6]:port</c>, or <c>unix:/path</c> for a Unix domain socket.</summary>
internal static class ServerAddress
{
    /// <exception cref="CliUsageException">The address cannot be parsed or the host name does not resolve.</exception>
    public static EndPoint Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            return new UnixDomainSocketEndPoint(text["unix:".Length..]);
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliUsageException($"'{text}' is not a server address; write host:port, e.g. 127.0.0.1:20776.");
        }

        var host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null
                ? throw new CliUsageException($"The host '{host}' has no address.")
                : new IPEndPoint(chosen, port);
        }
        catch (SocketException e)
        {
            throw new CliUsageException($"The host '{host}' does not resolve: {e.Message}");
        }
    }
}
