namespace Smf.Balancing;

/// <summary>How an <see cref="RpcChannel"/> spreads calls that have no routing key. Keyed calls always use rendezvous hashing.</summary>
public enum RpcPickerKind
{
    /// <summary>Each call goes to the next available endpoint in turn.</summary>
    RoundRobin,

    /// <summary>Two available endpoints are drawn at random and the call goes to the one with fewer calls in flight.</summary>
    PowerOfTwoChoices,
}
