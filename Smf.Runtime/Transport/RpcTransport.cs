namespace Smf.Transport;

/// <summary>How a shard performs socket I/O.</summary>
public enum RpcTransport
{
    /// <summary><see cref="Epoll"/> on Linux, <see cref="Socket"/> elsewhere.</summary>
    Auto = 0,

    /// <summary>
    /// Linux only: each shard owns an epoll instance and does non-blocking recv/send on its sockets itself, with no
    /// thread hop between readiness and handler.
    /// </summary>
    Epoll = 1,

    /// <summary>
    /// Portable: readiness comes from <see cref="System.Net.Sockets.Socket"/> asynchronous zero-byte receives whose
    /// completions are posted to the shard; reads and writes are non-blocking calls on the shard thread.
    /// </summary>
    Socket = 2,

    /// <summary>
    /// Portable, through a <see cref="System.IO.Stream"/> over the socket (the form TLS uses): one asynchronous read and
    /// one asynchronous write at a time, whose completions are posted to the shard. Under TLS on Linux the stream beneath
    /// the <see cref="System.Net.Security.SslStream"/> is driven by the shard's own epoll, so records are read, decrypted
    /// and written on the shard thread.
    /// </summary>
    Stream = 3,
}
