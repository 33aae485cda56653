namespace Smf.Compiler.Schema;

/// <summary>A <c>table</c>: fields addressed through a vtable.</summary>
public sealed class TableDefinition : Declaration
{
    internal TableDefinition(string name, IReadOnlyList<string> @namespace, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
        : base(name, @namespace, documentation, attributes, location)
    {
    }

    /// <inheritdoc/>
    public override DeclarationKind Kind => DeclarationKind.Table;

    /// <summary>The fields in declaration order (see <see cref="FieldDefinition.Id"/> for vtable slots).</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; internal set; } = Array.Empty<FieldDefinition>();

    /// <summary>The number of vtable slots: the highest id + 1 (a union field counts two), 0 for an empty table.</summary>
    public int SlotCount { get; internal set; }

    /// <summary>True when the table has the <c>csharp_partial</c> attribute.</summary>
    public bool IsPartial => FindAttribute("csharp_partial") is not null;

    /// <summary>The field marked <c>key</c>, or null.</summary>
    public FieldDefinition? KeyField { get; internal set; }

    /// <summary>
    /// The field marked with the declared attribute <c>routing_key</c> (a string or integer field), or null: generated
    /// clients route a request with this table by that field's value.
    /// </summary>
    public FieldDefinition? RoutingKeyField { get; internal set; }
}
