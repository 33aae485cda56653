namespace Smf.Compiler.Schema;

internal enum ValueKind : byte
{
    Integer,
    Float,
    String,
    Identifier,
}
