namespace Smf.Balancing.Internal;

/// <summary>Two distinct members drawn at random; the call goes to the one with fewer calls in flight.</summary>
internal sealed class PowerOfTwoChoicesPicker : UnkeyedPicker
{
    public override Subchannel? Pick(Subchannel[] members, ReadOnlySpan<Subchannel?> tried)
    {
        var count = members.Length;
        if (count < 2)
        {
            return Scan(members, 0, tried);
        }

        var first = Random.Shared.Next(count);
        var second = Random.Shared.Next(count - 1);
        if (second >= first)
        {
            second++;
        }

        var a = members[first];
        var b = members[second];
        var aUsable = a.IsAvailable && !a.IsIn(tried);
        var bUsable = b.IsAvailable && !b.IsIn(tried);
        return (aUsable, bUsable) switch
        {
            (true, true) => b.InFlight < a.InFlight ? b : a,
            (true, false) => a,
            (false, true) => b,
            _ => Scan(members, first, tried),
        };
    }
}
