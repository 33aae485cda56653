using System.Net;

namespace Smf.Server.Internal;

/// <summary>
/// The socket I/O of one connection, driven from its shard thread. Readiness is reported to
/// <see cref="RpcConnection.OnReadable"/> and <see cref="RpcConnection.OnWritable"/>, always on the shard thread.
/// </summary>
internal interface IConnectionTransport
{
    /// <summary>The peer's address, captured at accept.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>Starts reporting readiness to <paramref name="connection"/>.</summary>
    void Start(RpcConnection connection);

    /// <summary>Reads what is available without blocking: &gt;0 bytes read, 0 end of stream, -1 nothing yet, -2 error.</summary>
    int Receive(Span<byte> destination);

    /// <summary>Sends without blocking: &gt;=0 bytes sent, -1 nothing could be sent now, -2 error.</summary>
    int Send(ReadOnlySpan<byte> source);

    /// <summary>Turns read readiness reports on or off (backpressure).</summary>
    void SetReadInterest(bool enabled);

    /// <summary>
    /// Called after <see cref="Send"/> could not send everything: reports <see cref="RpcConnection.OnWritable"/> once
    /// <paramref name="pending"/> can progress. A transport may send part of it itself and report how much.
    /// </summary>
    void WaitWritable(ReadOnlyMemory<byte> pending);

    /// <summary>Stops reporting and closes the socket. Idempotent.</summary>
    void Close();
}
