namespace Smf;

/// <summary>
/// The status of a reply: an HTTP-like code carried in the <c>meta</c> field of every reply header. Any non-zero
/// value may be sent (cast it, e.g. <c>(RpcStatus)418</c>); the named ones are those smf peers commonly use.
/// </summary>
public enum RpcStatus : uint
{
    /// <summary>200: the request was handled. A handler that sets no status answers this.</summary>
    Ok = 200,

    /// <summary>400: the request is malformed; the server answers it for a payload that fails verification.</summary>
    BadRequest = 400,

    /// <summary>401: the caller is not authenticated.</summary>
    Unauthorized = 401,

    /// <summary>403: the caller may not call this method.</summary>
    Forbidden = 403,

    /// <summary>404: what the request names does not exist.</summary>
    NotFound = 404,

    /// <summary>408: the handler did not finish within its deadline; the server answers it when a handler gives up at <c>RpcServerOptions.HandlerTimeout</c> (its cancellation token fires and it throws <see cref="OperationCanceledException"/>).</summary>
    RequestTimeout = 408,

    /// <summary>409: the request conflicts with the current state.</summary>
    Conflict = 409,

    /// <summary>413: the request is larger than the server accepts.</summary>
    PayloadTooLarge = 413,

    /// <summary>429: the caller sends more than it may; retry later.</summary>
    TooManyRequests = 429,

    /// <summary>500: the handler failed (it threw an exception other than <see cref="RpcException"/>).</summary>
    InternalError = 500,

    /// <summary>501: the method is in the schema but the service does not implement it.</summary>
    NotImplemented = 501,

    /// <summary>503: the server cannot serve the request now (for example it is stopping); retry elsewhere or later.</summary>
    Unavailable = 503,

    /// <summary>504: a server the handler called did not answer in time.</summary>
    GatewayTimeout = 504,
}
