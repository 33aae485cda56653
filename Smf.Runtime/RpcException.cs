namespace Smf;

/// <summary>
/// A call that ended with a status other than <see cref="RpcStatus.Ok"/>. A handler throws it to answer that status;
/// a client throws it when a typed call's reply carries one.
/// </summary>
/// <remarks>
/// The message is not sent: the smf protocol carries only the status. On the client, <see cref="Exception.Message"/>
/// names the method and the status.
/// </remarks>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception for <paramref name="status"/>.</summary>
    /// <param name="status">The status to answer or that was answered; not <see cref="RpcStatus.Ok"/> and not 0.</param>
    /// <param name="message">What went wrong, for logs; <see langword="null"/> for a message naming the status.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is 0 or <see cref="RpcStatus.Ok"/>.</exception>
    public RpcException(RpcStatus status, string? message = null, Exception? innerException = null)
        : base(message ?? $"The call ended with status {Describe(status)}.", innerException)
    {
        if (status is 0 or RpcStatus.Ok)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An RpcException carries a failure status: neither 0 (which smf peers reject) nor 200.");
        }

        Status = status;
    }

    /// <summary>The status of the call.</summary>
    public RpcStatus Status { get; }

    /// <summary>The status as <c>404 (NotFound)</c>, or the bare number for unnamed codes.</summary>
    internal static string Describe(RpcStatus status) =>
        Enum.IsDefined(status) ? $"{(uint)status} ({status})" : ((uint)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
