namespace Smf.Hosting.Internal;

/// <summary>What <c>AddSmfServer</c> and its builder registered: one per service collection.</summary>
internal sealed partial class SmfServerRegistrations
{
    public List<ShardedRegistration> Sharded { get; } = [];

    public List<ServiceRegistration> Services { get; } = [];
}
