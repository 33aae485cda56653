using Google.FlatBuffers;

namespace Smf.Messages;

/// <summary>
/// Implemented by the FlatBuffers accessor struct of a table that travels as an smf payload (for
/// example <c>kvstore.fbs.PutRequest</c>), so that the runtime can verify a
/// received payload without knowing the concrete type.
/// </summary>
/// <remarks>
/// Generated code adds this interface to the accessor through a partial declaration. When the accessor
/// already has a <c>public static bool Verify(ReadOnlySpan&lt;byte&gt; buffer, out string? error)</c>, that method implements
/// the interface as is.
/// </remarks>
/// <typeparam name="TSelf">The accessor struct itself.</typeparam>
public interface IRpcTable<TSelf>
    where TSelf : struct, IFlatbufferObject, IRpcTable<TSelf>
{
    /// <summary>
    /// Checks that <paramref name="buffer"/> holds a well-formed finished FlatBuffer whose root is a
    /// <typeparamref name="TSelf"/> table: every offset, vector and string lies inside the span.
    /// </summary>
    /// <param name="buffer">Exactly the payload bytes, no size prefix.</param>
    /// <returns><see langword="true"/> when the buffer can be read safely; otherwise <see langword="false"/>.</returns>
    /// <param name="error">When the buffer is rejected: which check failed and where; otherwise <see langword="null"/>.</param>
    static abstract bool Verify(ReadOnlySpan<byte> buffer, out string? error);
}
