namespace Smf.Transport.Internal;

/// <summary>Receives the readiness reports of an <see cref="ITransport"/>, on the thread of the shard that owns it.</summary>
internal interface ITransportHandler
{
    /// <summary>Bytes (or end of stream) can be read.</summary>
    void OnReadable();

    /// <summary>
    /// The write that <see cref="ITransport.WaitWritable"/> waited for can progress; <paramref name="transferred"/> bytes
    /// of it were already written by the transport, or the write <paramref name="failed"/>.
    /// </summary>
    void OnWritable(int transferred, bool failed);

    /// <summary>The connection failed while waiting for readiness.</summary>
    void OnTransportFailed();
}
