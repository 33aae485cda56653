namespace Smf.Connections.Internal;

/// <summary>The lifecycle of a connection: it only moves forward.</summary>
internal enum ConnectionState
{
    /// <summary>Reading and writing frames.</summary>
    Open,

    /// <summary>No longer reading; closes once its calls are answered and its output is written.</summary>
    Draining,

    /// <summary>The transport is closed.</summary>
    Closed,
}
