namespace Smf.Client;

/// <summary>
/// <see cref="RpcClient"/> as an <see cref="IRpcCallInvoker"/>: its public <c>CallAsync</c> methods implement it. One
/// server has no choice to make, so <see cref="RpcCallOptions.RoutingKey"/> and <see cref="RpcCallOptions.IsIdempotent"/>
/// are ignored here.
/// </summary>
public sealed partial class RpcClient : IRpcCallInvoker
{
}
