namespace Smf.Compiler.Schema;

/// <summary>An <c>enum</c> over an integral underlying type.</summary>
public sealed class EnumDefinition : Declaration
{
    internal EnumDefinition(string name, IReadOnlyList<string> @namespace, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location, ScalarKind underlyingType)
        : base(name, @namespace, documentation, attributes, location)
    {
        UnderlyingType = underlyingType;
    }

    /// <inheritdoc/>
    public override DeclarationKind Kind => DeclarationKind.Enum;

    /// <summary>The integral underlying type.</summary>
    public ScalarKind UnderlyingType { get; }

    /// <summary>True with the <c>bit_flags</c> attribute: each value is a bit index, stored as <c>1 &lt;&lt; n</c> in <see cref="EnumValueDefinition.Value"/>.</summary>
    public bool IsBitFlags { get; internal set; }

    /// <summary>The values in declaration order (resolved numbers, auto-incremented where not given).</summary>
    public IReadOnlyList<EnumValueDefinition> Values { get; internal set; } = Array.Empty<EnumValueDefinition>();

    /// <summary>The shared default of fields of this enum written without '= value' (zero).</summary>
    internal DefaultValue? ImplicitDefault { get; set; }

    /// <summary>Finds a value by name.</summary>
    /// <param name="name">The value name.</param>
    /// <returns>The value, or null.</returns>
    public EnumValueDefinition? FindValue(string name)
    {
        foreach (var value in Values)
        {
            if (value.Name == name)
            {
                return value;
            }
        }

        return null;
    }
}
