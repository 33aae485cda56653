using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>C# snippets for field types and defaults, shared by the table, struct and object-API emitters.</summary>
internal static class FieldCode
{
    public const string Builder = CSharpNames.Runtime + "FlatBufferBuilder";
    public const string ByteBuffer = CSharpNames.Runtime + "ByteBuffer";
    public const string VectorOffset = CSharpNames.Runtime + "VectorOffset";
    public const string StringOffset = CSharpNames.Runtime + "StringOffset";
    public const string Support = RuntimeSupport.Support;

    public static string Offset(string type) => CSharpNames.Runtime + "Offset<" + type + ">";

    /// <summary>True for <c>required</c> fields and, as in flatc, for <c>key</c> fields that are not scalars.</summary>
    public static bool IsRequired(FieldDefinition field) => field.IsRequired || (field.IsKey && !field.Type.IsScalar);

    /// <summary>The default of a scalar or enum field as a C# constant expression.</summary>
    public static string Default(CSharpTypeMap types, FieldDefinition field)
    {
        var type = field.Type;
        var value = field.Default;
        if (type.Kind == SchemaTypeKind.Enum)
        {
            // Always a cast: the value may name no member (bit_flags combinations, undeclared numbers).
            return EnumCast(types, type.Enum!, value.Kind == DefaultValueKind.Integer ? value.IntegerBits : 0);
        }

        return value.Kind switch
        {
            DefaultValueKind.Bool => value.Bool ? "true" : "false",
            DefaultValueKind.Float => CSharpNames.FloatLiteral(type.Scalar, value.Float),
            DefaultValueKind.Integer => CSharpNames.IntegerLiteral(type.Scalar, value.IntegerBits),
            _ => CSharpNames.IntegerLiteral(type.Scalar, 0),
        };
    }

    /// <summary>A cast of an integer to an enum, e.g. <c>(global::N.Color)(-1)</c>.</summary>
    public static string EnumCast(CSharpTypeMap types, EnumDefinition definition, long bits)
    {
        var literal = EnumNumber(definition.UnderlyingType, bits);
        return "(" + types.Qualified(definition) + ")" + (literal[0] == '-' ? "(" + literal + ")" : literal);
    }

    /// <summary>The decimal literal of an enum's number for its underlying type (unsigned kinds read unsigned).</summary>
    public static string EnumNumber(ScalarKind underlying, long bits) => underlying switch
    {
        ScalarKind.ULong => unchecked((ulong)bits).ToString(System.Globalization.CultureInfo.InvariantCulture) + "UL",
        ScalarKind.UInt => unchecked((uint)bits).ToString(System.Globalization.CultureInfo.InvariantCulture) + "U",
        ScalarKind.Long => bits == long.MinValue ? "long.MinValue" : bits.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L",
        _ => bits.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The default of a scalar or enum field as a constant of its stored scalar type (enums as their number).</summary>
    public static string DefaultScalar(CSharpTypeMap types, FieldDefinition field) =>
        field.Type.Kind == SchemaTypeKind.Enum
            ? "(" + CSharpNames.Scalar(field.Type.Scalar) + ")" + Parenthesize(EnumNumber(field.Type.Scalar, field.Default.Kind == DefaultValueKind.Integer ? field.Default.IntegerBits : 0))
            : Default(types, field);

    private static string Parenthesize(string literal) => literal[0] == '-' ? "(" + literal + ")" : literal;

    /// <summary>
    /// True when the field's default is NaN: the builder compares bit patterns instead (NaN equals nothing), and the
    /// default is not a C# constant unless it is <c>double.NaN</c>'s bits.
    /// </summary>
    public static bool IsNaNDefault(FieldDefinition field) =>
        field.Default.Kind == DefaultValueKind.Float && double.IsNaN(field.Default.Float);

    /// <summary>For a NaN default: a C# condition that is true when <paramref name="value"/> is not bit for bit the default.</summary>
    public static string DiffersFromNaNDefault(FieldDefinition field, string value)
    {
        var bits = CSharpNames.NaNBits(field.Type.Scalar, field.Default.Float);
        return field.Type.Scalar == ScalarKind.Float
            ? "global::System.BitConverter.SingleToInt32Bits(" + value + ") != " + CSharpNames.HexBits(bits, 8)
            : "global::System.BitConverter.DoubleToInt64Bits(" + value + ") != " + CSharpNames.HexBits(bits, 16);
    }

    /// <summary>The element size of a vector's elements in bytes (4 for offsets).</summary>
    public static int ElementSize(SchemaType element) => element.Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => SchemaType.ScalarSize(element.Scalar),
        SchemaTypeKind.Struct => element.Struct!.Size,
        _ => 4,
    };

    /// <summary>The alignment of a vector's elements in bytes.</summary>
    public static int ElementAlignment(SchemaType element) => element.Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => SchemaType.ScalarSize(element.Scalar),
        SchemaTypeKind.Struct => element.Struct!.Alignment,
        _ => 4,
    };

    /// <summary>Reads a scalar or enum at <paramref name="position"/> (a C# expression) from <paramref name="buffer"/>.</summary>
    public static string ReadValue(CSharpTypeMap types, SchemaType type, string buffer, string position)
    {
        var read = CSharpNames.Read(type.Scalar, buffer, position);
        return type.Kind == SchemaTypeKind.Enum || type.Kind == SchemaTypeKind.Union ? "(" + types.Value(type) + ")" + read : read;
    }

    /// <summary>A value converted to what <c>Put</c>/<c>Add</c> of its scalar kind take (enums cast to the underlying type).</summary>
    public static string ToScalar(SchemaType type, string value) =>
        type.Kind == SchemaTypeKind.Enum || type.Kind == SchemaTypeKind.Union ? "(" + CSharpNames.Scalar(type.Scalar) + ")" + value : value;

    /// <summary>The object-API type of a table field (nullable where absent is possible).</summary>
    public static string ObjectType(CSharpTypeMap types, FieldDefinition field)
    {
        var type = field.Type;
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
                return types.Value(type) + (field.IsOptional ? "?" : string.Empty);
            case SchemaTypeKind.String:
                return "string?";
            case SchemaTypeKind.Table:
            case SchemaTypeKind.Struct:
            case SchemaTypeKind.Union:
                return types.QualifiedObject(type.Definition!) + "?";
            case SchemaTypeKind.Vector:
                return "global::System.Collections.Generic.List<" + ElementObjectType(types, type.ElementType!) + ">?";
            default:
                throw new InvalidOperationException("The field '" + field.Name + "' has the type '" + type + "', which a table cannot hold.");
        }
    }

    /// <summary>The object-API type of a vector or array element.</summary>
    public static string ElementObjectType(CSharpTypeMap types, SchemaType element) => element.Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => types.Value(element),
        SchemaTypeKind.String => "string",
        _ => types.QualifiedObject(element.Definition!),
    };
}
