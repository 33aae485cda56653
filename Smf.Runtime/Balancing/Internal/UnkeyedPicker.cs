namespace Smf.Balancing.Internal;

/// <summary>Chooses the endpoint of a call without a routing key (gRPC's picker), among members that take calls.</summary>
internal abstract class UnkeyedPicker
{
    public static UnkeyedPicker Create(RpcPickerKind kind) => kind switch
    {
        RpcPickerKind.PowerOfTwoChoices => new PowerOfTwoChoicesPicker(),
        _ => new RoundRobinPicker(),
    };

    /// <summary>An available member not in <paramref name="tried"/>, or null when there is none.</summary>
    public abstract Subchannel? Pick(Subchannel[] members, ReadOnlySpan<Subchannel?> tried);

    /// <summary>The first usable member from <paramref name="start"/> on, wrapping around.</summary>
    protected static Subchannel? Scan(Subchannel[] members, int start, ReadOnlySpan<Subchannel?> tried)
    {
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[(start + i) % members.Length];
            if (member.IsAvailable && !member.IsIn(tried))
            {
                return member;
            }
        }

        return null;
    }
}
