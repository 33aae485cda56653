namespace Smf.Server;

/// <summary>
/// Handles one request for one method on the raw bytes: reads <paramref name="context"/> and produces the reply.
/// </summary>
/// <remarks>
/// Runs on the shard that owns the connection, inside that shard's event loop. A handler that completes
/// synchronously returns a completed <see cref="ValueTask{TResult}"/> and costs no allocation; an
/// <see langword="await"/> inside it resumes on the same shard. Raw handlers see unverified bytes.
/// </remarks>
/// <param name="context">The request: header, payload, session and shard. Valid until the returned task completes.</param>
/// <returns>The reply to send.</returns>
public delegate ValueTask<RpcReply> RpcMethodHandler(RpcCallContext context);
