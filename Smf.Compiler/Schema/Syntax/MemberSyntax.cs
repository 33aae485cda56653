namespace Smf.Compiler.Schema;

/// <summary>A field, enum value, union member or rpc method.</summary>
internal sealed class MemberSyntax
{
    public MemberSyntax(string name, SourceLocation location, IReadOnlyList<string> documentation)
    {
        Name = name;
        Location = location;
        Documentation = documentation;
    }

    public string Name { get; }

    public SourceLocation Location { get; }

    public IReadOnlyList<string> Documentation { get; }

    /// <summary>Field type, union member type, or rpc request type.</summary>
    public TypeSyntax? Type { get; set; }

    /// <summary>Rpc response type.</summary>
    public TypeSyntax? ResponseType { get; set; }

    /// <summary>Field default or enum/union value.</summary>
    public ValueSyntax? Value { get; set; }

    /// <summary>True for a union member written <c>Alias: Type</c>.</summary>
    public bool IsAlias { get; set; }

    public List<AttributeSyntax> Attributes { get; set; } = EmptyAttributes;

    internal static readonly List<AttributeSyntax> EmptyAttributes = new();
}
