namespace Smf.Compiler.Schema;

/// <summary>A field of a table or struct.</summary>
public sealed class FieldDefinition
{
    internal FieldDefinition(string name, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
    {
        Name = name;
        Documentation = documentation;
        Attributes = attributes;
        Location = location;
    }

    /// <summary>The field name as written.</summary>
    public string Name { get; }

    /// <summary>The <c>///</c> doc comment lines before the field.</summary>
    public IReadOnlyList<string> Documentation { get; }

    /// <summary>Every attribute written on the field, in source order.</summary>
    public IReadOnlyList<SchemaAttribute> Attributes { get; }

    /// <summary>Where the field name was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>The table or struct that declares the field.</summary>
    public Declaration DeclaringType { get; internal set; } = null!;

    /// <summary>The resolved type.</summary>
    public SchemaType Type { get; internal set; } = SchemaType.StringType;

    /// <summary>The default: typed for scalars and enums (implicit zero when not written), <see cref="DefaultValueKind.Null"/> for optional scalars, <see cref="DefaultValueKind.None"/> otherwise.</summary>
    public DefaultValue Default { get; internal set; } = DefaultValue.NoneValue;

    /// <summary>True for an optional scalar (<c>= null</c>): nullable in C#, written whenever set.</summary>
    public bool IsOptional => Default.Kind == DefaultValueKind.Null;

    /// <summary>
    /// The vtable slot of a table field (implicit order or <c>id:</c>). A union field owns two slots: its type
    /// (<c>x_type</c>, ubyte) at <see cref="UnionTypeId"/> = Id - 1 and the value offset at Id. -1 for struct fields.
    /// </summary>
    public int Id { get; internal set; } = -1;

    /// <summary>For a union (or vector of unions) field: the slot of the type field, <see cref="Id"/> - 1; otherwise -1.</summary>
    public int UnionTypeId => Type.Kind == SchemaTypeKind.Union || (Type.Kind == SchemaTypeKind.Vector && Type.ElementType!.Kind == SchemaTypeKind.Union) ? Id - 1 : -1;

    /// <summary>The byte offset of the vtable entry for <see cref="Id"/>: 4 + 2 * Id.</summary>
    public int VTableOffset => 4 + (2 * Id);

    /// <summary>True with the <c>deprecated</c> attribute (the slot stays reserved).</summary>
    public bool IsDeprecated { get; internal set; }

    /// <summary>True with the <c>required</c> attribute.</summary>
    public bool IsRequired { get; internal set; }

    /// <summary>True with the <c>key</c> attribute.</summary>
    public bool IsKey { get; internal set; }

    /// <summary>True with the declared attribute <c>routing_key</c>: the table's <see cref="TableDefinition.RoutingKeyField"/>.</summary>
    public bool IsRoutingKey { get; internal set; }

    /// <summary>The root table of a <c>nested_flatbuffer: "T"</c> <c>[ubyte]</c> field, or null.</summary>
    public TableDefinition? NestedFlatBuffer { get; internal set; }

    /// <summary>True with the <c>flexbuffer</c> attribute (a <c>[ubyte]</c> holding a FlexBuffer).</summary>
    public bool IsFlexBuffer { get; internal set; }

    /// <summary>The <c>hash</c> algorithm (e.g. <c>fnv1a_32</c>), or null.</summary>
    public string? Hash { get; internal set; }

    /// <summary>For struct fields: the byte offset inside the struct; -1 for table fields.</summary>
    public int Offset { get; internal set; } = -1;

    /// <summary>For struct fields: the inline size in bytes; for table fields the inline size of the stored value (4 for offsets).</summary>
    public int Size { get; internal set; }

    /// <summary>For struct fields: the padding bytes after this field (before the next field or the struct end).</summary>
    public int Padding { get; internal set; }

    /// <summary>Finds an attribute by name.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>The first attribute with that name, or null.</returns>
    public SchemaAttribute? FindAttribute(string name) => AttributeLookup.Find(Attributes, name);

    /// <summary>Returns <c>name:type</c>.</summary>
    /// <returns>The field as written.</returns>
    public override string ToString() => Name + ":" + Type;
}
