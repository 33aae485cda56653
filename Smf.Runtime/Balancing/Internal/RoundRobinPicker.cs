namespace Smf.Balancing.Internal;

/// <summary>Each call goes to the next available member in turn.</summary>
internal sealed class RoundRobinPicker : UnkeyedPicker
{
    private uint _next;

    public override Subchannel? Pick(Subchannel[] members, ReadOnlySpan<Subchannel?> tried)
    {
        if (members.Length == 0)
        {
            return null;
        }

        var start = (int)(Interlocked.Increment(ref _next) % (uint)members.Length);
        var first = members[start];
        return first.IsAvailable && !first.IsIn(tried) ? first : Scan(members, start + 1, tried);
    }
}
