namespace Smf.Compiler.Schema;

internal enum ValueKind : byte
{
    Integer,
    Float,
    String,
    Identifier,

    /// <summary><c>[]</c>: an empty vector default (accepted by the grammar, rejected for C#).</summary>
    EmptyList,
}
