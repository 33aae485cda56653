namespace Smf.Client;

/// <summary>
/// Thrown by <see cref="RpcClient"/> calls when the client is not connected, could not connect, or when
/// the connection failed while the call was pending. <see cref="Exception.InnerException"/> holds the
/// cause (a <see cref="System.Net.Sockets.SocketException"/>, an <see cref="InvalidDataException"/> for a
/// malformed reply, and so on) when there is one.
/// </summary>
public sealed class RpcConnectionException : Exception
{
    /// <summary>Creates an exception with a message and no cause.</summary>
    /// <param name="message">A sentence saying what failed.</param>
    public RpcConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the failure that caused it.</summary>
    /// <param name="message">A sentence saying what failed.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public RpcConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
