namespace Smf.Compiler.Schema;

/// <summary>A <c>union</c>: a ubyte type code plus an offset to one of the member types.</summary>
public sealed class UnionDefinition : Declaration
{
    internal UnionDefinition(string name, IReadOnlyList<string> @namespace, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
        : base(name, @namespace, documentation, attributes, location)
    {
    }

    /// <inheritdoc/>
    public override DeclarationKind Kind => DeclarationKind.Union;

    /// <summary>The members, starting with the implicit <c>NONE = 0</c>, then in declaration order.</summary>
    public IReadOnlyList<UnionMemberDefinition> Members { get; internal set; } = Array.Empty<UnionMemberDefinition>();
}
