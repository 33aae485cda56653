namespace Smf.Compiler.Schema;

/// <summary>A resolved field type.</summary>
public sealed class SchemaType
{
    private SchemaType(SchemaTypeKind kind, ScalarKind scalar, SchemaType? elementType, int arrayLength, Declaration? definition)
    {
        Kind = kind;
        Scalar = scalar;
        ElementType = elementType;
        ArrayLength = arrayLength;
        Definition = definition;
    }

    /// <summary>What the type denotes.</summary>
    public SchemaTypeKind Kind { get; }

    /// <summary>
    /// The scalar kind for <see cref="SchemaTypeKind.Scalar"/>, the underlying type for <see cref="SchemaTypeKind.Enum"/>,
    /// <see cref="ScalarKind.UByte"/> for a union (its type slot), otherwise <see cref="ScalarKind.None"/>.
    /// </summary>
    public ScalarKind Scalar { get; }

    /// <summary>The element type of a vector or fixed array; null otherwise.</summary>
    public SchemaType? ElementType { get; }

    /// <summary>The element count of a fixed array (1..65535); 0 otherwise.</summary>
    public int ArrayLength { get; }

    /// <summary>The table, struct, enum or union this type names; null for scalars, strings, vectors and arrays.</summary>
    public Declaration? Definition { get; }

    /// <summary>The table when <see cref="Kind"/> is <see cref="SchemaTypeKind.Table"/>.</summary>
    public TableDefinition? Table => Definition as TableDefinition;

    /// <summary>The struct when <see cref="Kind"/> is <see cref="SchemaTypeKind.Struct"/>.</summary>
    public StructDefinition? Struct => Definition as StructDefinition;

    /// <summary>The enum when <see cref="Kind"/> is <see cref="SchemaTypeKind.Enum"/>.</summary>
    public EnumDefinition? Enum => Definition as EnumDefinition;

    /// <summary>The union when <see cref="Kind"/> is <see cref="SchemaTypeKind.Union"/>.</summary>
    public UnionDefinition? Union => Definition as UnionDefinition;

    /// <summary>True for scalars and enums (values stored inline in a table).</summary>
    public bool IsScalar => Kind == SchemaTypeKind.Scalar || Kind == SchemaTypeKind.Enum;

    /// <summary>The inline size in bytes: scalar size, struct size, array total size, 4 for offsets (string, vector, table, union value).</summary>
    public int InlineSize => Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => ScalarSize(Scalar),
        SchemaTypeKind.Struct => Struct!.Size,
        SchemaTypeKind.Array => ElementType!.InlineSize * ArrayLength,
        _ => 4,
    };

    /// <summary>The inline alignment in bytes (struct alignment for structs, element alignment for arrays).</summary>
    public int InlineAlignment => Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => ScalarSize(Scalar),
        SchemaTypeKind.Struct => Struct!.Alignment,
        SchemaTypeKind.Array => ElementType!.InlineAlignment,
        _ => 4,
    };

    /// <summary>The schema spelling, e.g. <c>[ubyte]</c>, <c>[Vec3:4]</c>, <c>ns.Monster</c>.</summary>
    /// <returns>The type as it would be written in a schema (qualified names).</returns>
    public override string ToString() => Kind switch
    {
        SchemaTypeKind.Scalar => ScalarName(Scalar),
        SchemaTypeKind.String => "string",
        SchemaTypeKind.Vector => "[" + ElementType + "]",
        SchemaTypeKind.Array => "[" + ElementType + ":" + ArrayLength.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]",
        _ => Definition!.FullName,
    };

    /// <summary>The size in bytes of a scalar kind (0 for <see cref="ScalarKind.None"/>).</summary>
    /// <param name="kind">The scalar kind.</param>
    /// <returns>1, 2, 4 or 8.</returns>
    public static int ScalarSize(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool or ScalarKind.Byte or ScalarKind.UByte => 1,
        ScalarKind.Short or ScalarKind.UShort => 2,
        ScalarKind.Int or ScalarKind.UInt or ScalarKind.Float => 4,
        ScalarKind.Long or ScalarKind.ULong or ScalarKind.Double => 8,
        _ => 0,
    };

    /// <summary>The canonical schema name of a scalar kind, e.g. <c>ubyte</c>.</summary>
    /// <param name="kind">The scalar kind.</param>
    /// <returns>The keyword.</returns>
    public static string ScalarName(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => "bool",
        ScalarKind.Byte => "byte",
        ScalarKind.UByte => "ubyte",
        ScalarKind.Short => "short",
        ScalarKind.UShort => "ushort",
        ScalarKind.Int => "int",
        ScalarKind.UInt => "uint",
        ScalarKind.Long => "long",
        ScalarKind.ULong => "ulong",
        ScalarKind.Float => "float",
        ScalarKind.Double => "double",
        _ => "none",
    };

    /// <summary>True for the integer kinds (not bool, float or double).</summary>
    /// <param name="kind">The scalar kind.</param>
    /// <returns>Whether the kind is an integer.</returns>
    public static bool IsInteger(ScalarKind kind) => kind >= ScalarKind.Byte && kind <= ScalarKind.ULong;

    /// <summary>True for the signed integer kinds.</summary>
    /// <param name="kind">The scalar kind.</param>
    /// <returns>Whether the kind is a signed integer.</returns>
    public static bool IsSigned(ScalarKind kind) => kind is ScalarKind.Byte or ScalarKind.Short or ScalarKind.Int or ScalarKind.Long;

    internal static SchemaType ForScalar(ScalarKind kind) => new(SchemaTypeKind.Scalar, kind, null, 0, null);

    internal static readonly SchemaType StringType = new(SchemaTypeKind.String, ScalarKind.None, null, 0, null);

    internal static SchemaType ForVector(SchemaType element) => new(SchemaTypeKind.Vector, ScalarKind.None, element, 0, null);

    internal static SchemaType ForArray(SchemaType element, int length) => new(SchemaTypeKind.Array, ScalarKind.None, element, length, null);

    internal static SchemaType ForTable(TableDefinition table) => table.TypeReference ??= new(SchemaTypeKind.Table, ScalarKind.None, null, 0, table);

    internal static SchemaType ForStruct(StructDefinition value) => value.TypeReference ??= new(SchemaTypeKind.Struct, ScalarKind.None, null, 0, value);

    internal static SchemaType ForEnum(EnumDefinition value) => value.TypeReference ??= new(SchemaTypeKind.Enum, value.UnderlyingType, null, 0, value);

    internal static SchemaType ForUnion(UnionDefinition value) => value.TypeReference ??= new(SchemaTypeKind.Union, ScalarKind.UByte, null, 0, value);
}
