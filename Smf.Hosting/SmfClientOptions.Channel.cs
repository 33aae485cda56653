using Smf.Balancing;
using Smf.Hosting.Internal;

namespace Smf.Hosting;

/// <summary>The settings of a named smf client over many servers (an <see cref="RpcChannel"/>).</summary>
public sealed partial class SmfClientOptions
{
    /// <summary>
    /// The servers of a client over many servers, each <c>host:port</c>, <c>[v6]:port</c> or <c>unix:/path</c>, bound
    /// from the configuration array <c>Smf:Clients:&lt;name&gt;:Endpoints</c> (<c>Endpoints:0</c>, <c>Endpoints:1</c>, …;
    /// <c>Smf__Clients__MemoryNode__Endpoints__0</c> in the environment). When set, the typed client calls through an
    /// <see cref="RpcChannel"/> over them and <see cref="Address"/> must not be set. Defaults to empty.
    /// </summary>
    public IList<string> Endpoints { get; } = [];

    /// <summary>
    /// How a client over many servers spreads calls without a routing key (<see cref="RpcChannelOptions.Picker"/>);
    /// keyed calls always go to the key's rendezvous owner. Defaults to <see cref="RpcPickerKind.RoundRobin"/>.
    /// </summary>
    public RpcPickerKind Picker { get; set; } = RpcPickerKind.RoundRobin;

    /// <summary>
    /// How often a client over many servers asks for its endpoints again (<see cref="RpcChannelOptions.RefreshPeriod"/>);
    /// it also asks after a connection fails and, for a service-discovery address, when discovery reports a change
    /// (its change token fires). Defaults to 30 s; <c>-00:00:00.001</c> in configuration for only then.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most endpoints an idempotent call of a client over many servers is sent to after connection failures, the
    /// first included, within the call's one deadline (<see cref="RpcChannelOptions.MaxAttempts"/>). Defaults to 3; 1 to 16.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Whether the typed client calls through an <see cref="RpcChannel"/>: a list of endpoints or a service-discovery address.</summary>
    internal bool UsesChannel => Endpoints.Count > 0 || SmfClientAddress.IsDiscovered(Address);
}
