namespace Smf.Compiler.Schema;

/// <summary>A member of a union; the first member of every union is the implicit <c>NONE = 0</c>.</summary>
public sealed class UnionMemberDefinition
{
    internal UnionMemberDefinition(string name, long value, SchemaType? type, bool isAlias, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
    {
        Name = name;
        Value = value;
        Type = type;
        IsAlias = isAlias;
        Documentation = documentation;
        Attributes = attributes;
        Location = location;
    }

    /// <summary>The member name: the alias when given, else the type name with '.' replaced by '_' (e.g. <c>X_Y_C</c>), or <c>NONE</c>.</summary>
    public string Name { get; }

    /// <summary>The type code stored in the <c>_type</c> field (1..255; 0 for NONE).</summary>
    public long Value { get; }

    /// <summary>The member type (table, struct or string); null for NONE.</summary>
    public SchemaType? Type { get; }

    /// <summary>True when the member was written <c>Alias: Type</c>.</summary>
    public bool IsAlias { get; }

    /// <summary>True for the implicit <c>NONE</c> member.</summary>
    public bool IsNone => Type is null;

    /// <summary>The <c>///</c> doc comment lines before the member.</summary>
    public IReadOnlyList<string> Documentation { get; }

    /// <summary>Attributes written on the member.</summary>
    public IReadOnlyList<SchemaAttribute> Attributes { get; }

    /// <summary>Where the member was written (the union name for NONE).</summary>
    public SourceLocation Location { get; }

    /// <summary>Returns <c>Name = value</c>.</summary>
    /// <returns>The member as text.</returns>
    public override string ToString() => Name + " = " + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
