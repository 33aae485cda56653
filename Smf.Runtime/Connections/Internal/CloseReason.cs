namespace Smf.Server.Internal;

/// <summary>Why the server closed a connection.</summary>
internal enum CloseReason
{
    PeerClosed,
    PeerReset,
    BadFrame,
    UnknownRequestId,
    FrameLargerThanBudget,
    BodyTimeout,
    IdleTimeout,
    ConnectionLimit,
    ServerStopping,
    Disconnected,
}
