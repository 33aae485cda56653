namespace Smf.Server;

/// <summary>
/// The HTTP-like status codes the runtime itself puts in the <c>meta</c> field of a reply.
/// Handlers may answer any non-zero code.
/// </summary>
public static class RpcStatus
{
    /// <summary>200: the request was handled. A reply that sets no status carries this.</summary>
    public const uint Ok = 200;

    /// <summary>500: the handler threw an exception. The connection stays open.</summary>
    public const uint InternalError = 500;

    /// <summary>501: the method exists in the schema but the service does not implement it.</summary>
    public const uint NotImplemented = 501;
}
