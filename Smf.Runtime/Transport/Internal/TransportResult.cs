namespace Smf.Transport.Internal;

/// <summary>What a non-blocking read or write did: a status and, when bytes moved, how many.</summary>
internal readonly record struct TransportResult(TransportStatus Status, int Bytes)
{
    public static TransportResult WouldBlock => new(TransportStatus.WouldBlock, 0);

    public static TransportResult EndOfStream => new(TransportStatus.EndOfStream, 0);

    public static TransportResult Failed => new(TransportStatus.Failed, 0);

    public static TransportResult Moved(int bytes) => new(TransportStatus.Done, bytes);
}
