namespace Smf.Compiler.Schema;

internal enum DeclarationSyntaxKind : byte
{
    Table,
    Struct,
    Enum,
    Union,
    Service,
}
