using System.Text;
using System.Text.Json;
using Smf.Compiler.Schema;
using Smf.Json.Internal;

namespace Smf.Json;

/// <summary>
/// Converts between JSON and FlatBuffers with nothing but a table of the compiler's schema model: the JSON that Google's
/// <c>flatc --json --strict-json</c> reads and writes (field names as in the schema, enums by name, unions as
/// <c>x_type</c> plus <c>x</c>, structs as objects). Nothing is generated or compiled.
/// </summary>
public static class FlatBufferJson
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>
    /// Encodes a JSON object as a finished FlatBuffer whose root is <paramref name="table"/>. Fields equal to their
    /// default are left out (as <c>flatc -b</c> does); optional scalars are written whenever given; vectors of tables
    /// with a <c>key</c> field are sorted by key; the file identifier is written when the table is its file's
    /// <c>root_type</c> and the file declares one.
    /// </summary>
    /// <param name="table">The table of the document's root object.</param>
    /// <param name="json">The JSON text (comments and trailing commas allowed).</param>
    /// <returns>The finished buffer.</returns>
    /// <exception cref="FlatBufferJsonException">The text is not JSON, or does not match the schema: an unknown field, a wrong type, a number out of range, a missing required field, an unknown enum name.</exception>
    public static byte[] Encode(TableDefinition table, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Encode(table, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Encodes UTF-8 JSON as a finished FlatBuffer whose root is <paramref name="table"/>; see <see cref="Encode(TableDefinition, string)"/>.</summary>
    /// <param name="table">The table of the document's root object.</param>
    /// <param name="utf8Json">The JSON as UTF-8 bytes.</param>
    /// <returns>The finished buffer.</returns>
    /// <exception cref="FlatBufferJsonException">The bytes are not JSON, or do not match the schema.</exception>
    public static byte[] Encode(TableDefinition table, ReadOnlyMemory<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(table);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            var path = e.Path ?? "$";
            throw new FlatBufferJsonException($"{path}: the text is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}): {FirstSentence(e.Message)}", path, null);
        }

        using (document)
        {
            return new JsonTableEncoder().Encode(table, document.RootElement);
        }
    }

    /// <summary>
    /// Verifies a finished FlatBuffer whose root is <paramref name="table"/> and prints it as JSON. The checks are those
    /// of the C++ <c>flatbuffers::Verifier</c> (offsets aligned and in bounds, strings NUL-terminated, vtables inside
    /// the buffer, required fields present, at most 64 nested tables); nothing is printed from a buffer that fails.
    /// </summary>
    /// <param name="table">The table at the root of the buffer.</param>
    /// <param name="buffer">The finished buffer (no size prefix).</param>
    /// <param name="options">How to print; <see langword="null"/> for the defaults.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="InvalidDataException">The buffer is not a valid <paramref name="table"/>; the message says where and why.</exception>
    public static string Decode(TableDefinition table, ReadOnlySpan<byte> buffer, FlatBufferJsonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        options ??= new FlatBufferJsonOptions();
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = options.Indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var reader = new JsonTableDecoder(buffer, writer, options.IncludeDefaults);
            reader.DecodeRoot(table);
        }

        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>Verifies a finished FlatBuffer whose root is <paramref name="table"/> without printing it; see <see cref="Decode"/>.</summary>
    /// <param name="table">The table at the root of the buffer.</param>
    /// <param name="buffer">The finished buffer.</param>
    /// <param name="error">Why the buffer is invalid, or <see langword="null"/>.</param>
    /// <returns>Whether the buffer is a valid <paramref name="table"/>.</returns>
    public static bool Verify(TableDefinition table, ReadOnlySpan<byte> buffer, out string? error)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var writer = new Utf8JsonWriter(Stream.Null);
        try
        {
            new JsonTableDecoder(buffer, writer, includeDefaults: false).DecodeRoot(table);
            error = null;
            return true;
        }
        catch (InvalidDataException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
