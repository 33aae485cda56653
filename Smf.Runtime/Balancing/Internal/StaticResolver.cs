using System.Net;

namespace Smf.Balancing.Internal;

/// <summary>A fixed list of endpoints.</summary>
internal sealed class StaticResolver(EndPoint[] endPoints) : RpcResolver
{
    public override ValueTask<IReadOnlyList<EndPoint>> ResolveAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<EndPoint>>(endPoints);
}
