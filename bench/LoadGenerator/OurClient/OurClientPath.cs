namespace Smf.Bench.LoadGenerator.OurClient;

/// <summary>Which call of our client the callers make.</summary>
internal enum OurClientPath
{
    /// <summary><c>RpcClient.CallAsync(requestId, payload)</c> with the serialized request built once: the raw call.</summary>
    Raw,

    /// <summary>The generated <c>MemoryNodeClient.PutWithStatusAsync</c> with one reused <c>PutRequestT</c>: pooled, zero-copy reply.</summary>
    WithStatus,

    /// <summary>The generated <c>MemoryNodeClient.PutAsync</c> (throws on a status other than 200, unpacks the reply).</summary>
    Typed,
}
