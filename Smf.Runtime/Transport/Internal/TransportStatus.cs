namespace Smf.Transport.Internal;

/// <summary>The outcome of one non-blocking read or write on a transport.</summary>
internal enum TransportStatus
{
    /// <summary>Bytes moved (<see cref="TransportResult.Bytes"/> says how many, at least one).</summary>
    Done,

    /// <summary>Nothing can move now; readiness will be reported.</summary>
    WouldBlock,

    /// <summary>The peer finished sending (a read returned end of stream).</summary>
    EndOfStream,

    /// <summary>The connection failed (reset, aborted, or any other socket error).</summary>
    Failed,
}
