using System.Globalization;

namespace Smf.Compiler.Schema;

/// <summary>A named value of an enum.</summary>
public sealed class EnumValueDefinition
{
    internal EnumValueDefinition(string name, long value, bool isUnsigned, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
    {
        Name = name;
        Value = value;
        IsUnsigned = isUnsigned;
        Documentation = documentation;
        Attributes = attributes;
        Location = location;
    }

    /// <summary>The value name.</summary>
    public string Name { get; }

    /// <summary>The resolved numeric value (for <c>ulong</c> enums above long.MaxValue the bits; see <see cref="UnsignedValue"/>).</summary>
    public long Value { get; }

    /// <summary>The value bits read as unsigned.</summary>
    public ulong UnsignedValue => unchecked((ulong)Value);

    /// <summary>The value in decimal, respecting the sign of the underlying type.</summary>
    public string ValueText => IsUnsigned ? UnsignedValue.ToString(CultureInfo.InvariantCulture) : Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>///</c> doc comment lines before the value.</summary>
    public IReadOnlyList<string> Documentation { get; }

    /// <summary>Attributes written on the value.</summary>
    public IReadOnlyList<SchemaAttribute> Attributes { get; }

    /// <summary>Where the name was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>The enum declaring this value.</summary>
    public EnumDefinition Enum { get; internal set; } = null!;

    private bool IsUnsigned { get; }

    /// <summary>Returns <c>Name = value</c>.</summary>
    /// <returns>The value as written.</returns>
    public override string ToString() => Name + " = " + ValueText;
}
