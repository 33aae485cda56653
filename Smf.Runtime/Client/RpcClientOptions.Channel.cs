using System.Net;

namespace Smf.Client;

/// <summary>The settings an <see cref="Balancing.RpcChannel"/> gives each of its endpoints' clients.</summary>
public sealed partial class RpcClientOptions
{
    /// <summary>
    /// A checked copy of these settings for <paramref name="endPoint"/>, without a reconnect policy: the channel
    /// brings an endpoint back itself. This object is not changed.
    /// </summary>
    internal RpcClientOptions CloneFor(EndPoint endPoint)
    {
        var shallow = (RpcClientOptions)MemberwiseClone();
        shallow.EndPoint = endPoint;
        shallow.ReconnectPolicy = null;
        return shallow.Clone();
    }
}
