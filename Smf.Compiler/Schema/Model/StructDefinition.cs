namespace Smf.Compiler.Schema;

/// <summary>A <c>struct</c>: fixed-size inline data with a computed layout.</summary>
public sealed class StructDefinition : Declaration
{
    internal StructDefinition(string name, IReadOnlyList<string> @namespace, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
        : base(name, @namespace, documentation, attributes, location)
    {
    }

    /// <inheritdoc/>
    public override DeclarationKind Kind => DeclarationKind.Struct;

    /// <summary>The fields in declaration order, each with <see cref="FieldDefinition.Offset"/>, <see cref="FieldDefinition.Size"/> and <see cref="FieldDefinition.Padding"/>.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; internal set; } = Array.Empty<FieldDefinition>();

    /// <summary>The size in bytes, a multiple of <see cref="Alignment"/>.</summary>
    public int Size { get; internal set; }

    /// <summary>The alignment in bytes: the largest field alignment, or <see cref="ForceAlign"/> when given.</summary>
    public int Alignment { get; internal set; }

    /// <summary>The <c>force_align</c> value, or null when absent.</summary>
    public int? ForceAlign { get; internal set; }

    /// <summary>True when the struct has the <c>csharp_partial</c> attribute.</summary>
    public bool IsPartial => FindAttribute("csharp_partial") is not null;
}
