namespace Smf.Compiler.Schema;

internal sealed class DeclarationSyntax
{
    public DeclarationSyntax(DeclarationSyntaxKind kind, string name, SourceLocation location, string[] @namespace, IReadOnlyList<string> documentation)
    {
        Kind = kind;
        Name = name;
        Location = location;
        Namespace = @namespace;
        Documentation = documentation;
    }

    /// <summary>The token index where the statement was read; with the file's parse position it orders declarations globally.</summary>
    public int Order { get; set; }

    public DeclarationSyntaxKind Kind { get; }

    public string Name { get; }

    public SourceLocation Location { get; }

    public string[] Namespace { get; }

    public IReadOnlyList<string> Documentation { get; }

    public List<AttributeSyntax> Attributes { get; set; } = MemberSyntax.EmptyAttributes;

    /// <summary>The enum's underlying type; null when not written (and for other kinds).</summary>
    public TypeSyntax? UnderlyingType { get; set; }

    public List<MemberSyntax> Members { get; } = new();
}
