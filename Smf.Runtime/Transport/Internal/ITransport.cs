using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Smf.Transport.Internal;

/// <summary>
/// Moves the bytes of one connection and knows nothing of the protocol. It is driven from the thread of the shard
/// that owns the connection, and reports readiness to its <see cref="ITransportHandler"/> on that thread.
/// </summary>
internal interface ITransport
{
    /// <summary>The peer's address, captured when the connection was made.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>The certificate the peer presented in a TLS handshake; null without TLS or without a peer certificate.</summary>
    X509Certificate2? RemoteCertificate => null;

    /// <summary>Starts reporting readiness to <paramref name="handler"/>.</summary>
    void Start(ITransportHandler handler);

    /// <summary>Reads what is available without blocking.</summary>
    TransportResult Receive(Span<byte> destination);

    /// <summary>Writes what fits without blocking.</summary>
    TransportResult Send(ReadOnlySpan<byte> source);

    /// <summary>Turns read readiness reports on or off (backpressure).</summary>
    void SetReadInterest(bool enabled);

    /// <summary>
    /// Called after <see cref="Send"/> could not write everything: reports <see cref="ITransportHandler.OnWritable"/>
    /// once <paramref name="pending"/> can progress. A transport may write part of it itself and report how much.
    /// </summary>
    void WaitWritable(ReadOnlyMemory<byte> pending);

    /// <summary>
    /// Stops reporting and closes the connection with a normal shutdown (the peer reads end of stream, not a reset).
    /// Idempotent.
    /// </summary>
    void Close();
}
