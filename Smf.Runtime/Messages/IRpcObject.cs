using Google.FlatBuffers;

namespace Smf.Messages;

/// <summary>
/// Implemented by the object-API class of a table (for example <c>kvstore.fbs.PutResponseT</c>), so that
/// the runtime can serialize it into a FlatBuffer (a typed reply or request) without knowing the concrete type.
/// </summary>
/// <remarks>
/// Generated code adds this interface through a partial declaration and forwards to the generated packer,
/// for example
/// <c>static int IRpcObject&lt;PutResponseT&gt;.Pack(FlatBufferBuilder builder, PutResponseT value) =&gt; PutResponse.Pack(builder, value).Value;</c>
/// </remarks>
/// <typeparam name="TSelf">The object-API class itself.</typeparam>
public interface IRpcObject<TSelf>
    where TSelf : class, IRpcObject<TSelf>
{
    /// <summary>
    /// Writes <paramref name="value"/> and everything it references into <paramref name="builder"/>
    /// without finishing the buffer.
    /// </summary>
    /// <param name="builder">The builder to write into.</param>
    /// <param name="value">The object to write.</param>
    /// <returns>The offset of the table written, as <c>Offset&lt;T&gt;.Value</c>.</returns>
    static abstract int Pack(FlatBufferBuilder builder, TSelf value);

    /// <summary>
    /// Whether every value is written as the same empty table, because the table declares no fields (or only
    /// deprecated ones). Generated code answers <see langword="true"/> for such tables; the server then sends its
    /// empty table as the reply without serializing the response.
    /// </summary>
    static virtual bool IsFieldless => false;
}
