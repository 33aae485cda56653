namespace Smf.Connections.Internal;

/// <summary>Why a connection closed.</summary>
internal enum CloseReason
{
    /// <summary>The peer closed its side between frames.</summary>
    PeerClosed,

    /// <summary>The peer reset the connection, or a socket operation failed.</summary>
    PeerReset,

    /// <summary>The peer closed its side in the middle of a frame.</summary>
    Disconnected,

    /// <summary>A frame broke the protocol (header, checksum, size or encoding).</summary>
    BadFrame,

    /// <summary>A request named a request id no service routes.</summary>
    UnknownRequestId,

    /// <summary>A request was larger than the shard's whole in-flight budget.</summary>
    FrameLargerThanBudget,

    /// <summary>The rest of a frame did not arrive within the body receive timeout.</summary>
    BodyTimeout,

    /// <summary>The connection was idle for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>A connection waited for the shard's in-flight budget longer than the budget wait timeout.</summary>
    BudgetTimeout,

    /// <summary>Memory for a frame could not be allocated.</summary>
    OutOfMemory,

    /// <summary>The server is stopping.</summary>
    ServerStopping,

    /// <summary>The client was disposed.</summary>
    ClientDisposed,

    /// <summary>Every session id is held by a call in flight or by a call that gave up on its reply.</summary>
    SessionsExhausted,
}
