using System.Globalization;
using System.Text;
using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>C# spelling of schema names, scalar types and literals.</summary>
internal static class CSharpNames
{
    /// <summary>The prefix of every reference to a Google.FlatBuffers runtime type.</summary>
    public const string Runtime = "global::Google.FlatBuffers.";

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Turns a schema identifier into PascalCase: <c>snake_case</c> and <c>camelCase</c> become <c>SnakeCase</c>, <c>CamelCase</c>.</summary>
    public static string Pascal(string name)
    {
        var builder = new StringBuilder(name.Length);
        var upperNext = true;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upperNext = true;
                continue;
            }

            builder.Append(upperNext ? char.ToUpperInvariant(c) : c);
            upperNext = false;
        }

        if (builder.Length == 0)
        {
            return "_";
        }

        if (char.IsDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }

    /// <summary>Turns a schema identifier into camelCase for parameter names, escaped when it is a keyword.</summary>
    public static string Camel(string name)
    {
        var pascal = Pascal(name);
        var camel = pascal[0] == '_' ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
        return Escape(camel);
    }

    /// <summary>Prefixes <c>@</c> when <paramref name="identifier"/> is a C# keyword.</summary>
    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>True when <paramref name="identifier"/> is a reserved C# keyword.</summary>
    public static bool IsKeyword(string identifier) => Keywords.Contains(identifier);

    /// <summary>The C# keyword of a scalar kind, e.g. <c>sbyte</c> for <c>byte</c>.</summary>
    public static string Scalar(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => "bool",
        ScalarKind.Byte => "sbyte",
        ScalarKind.UByte => "byte",
        ScalarKind.Short => "short",
        ScalarKind.UShort => "ushort",
        ScalarKind.Int => "int",
        ScalarKind.UInt => "uint",
        ScalarKind.Long => "long",
        ScalarKind.ULong => "ulong",
        ScalarKind.Float => "float",
        ScalarKind.Double => "double",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The scalar kind '" + kind + "' has no C# type."),
    };

    /// <summary>The suffix of the ByteBuffer/FlatBufferBuilder methods for a scalar kind, e.g. <c>Sbyte</c> for <c>GetSbyte</c>/<c>AddSbyte</c>.</summary>
    public static string Accessor(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => "Bool",
        ScalarKind.Byte => "Sbyte",
        ScalarKind.UByte => "Byte",
        ScalarKind.Short => "Short",
        ScalarKind.UShort => "Ushort",
        ScalarKind.Int => "Int",
        ScalarKind.UInt => "Uint",
        ScalarKind.Long => "Long",
        ScalarKind.ULong => "Ulong",
        ScalarKind.Float => "Float",
        ScalarKind.Double => "Double",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The scalar kind '" + kind + "' has no accessor."),
    };

    /// <summary>A C# expression reading a scalar at <paramref name="position"/> from the ByteBuffer expression <paramref name="buffer"/>.</summary>
    public static string Read(ScalarKind kind, string buffer, string position) => kind switch
    {
        ScalarKind.Bool => "0 != " + buffer + ".Get(" + position + ")",
        ScalarKind.UByte => buffer + ".Get(" + position + ")",
        _ => buffer + ".Get" + Accessor(kind) + "(" + position + ")",
    };

    /// <summary>A literal of the given scalar kind for an integer value (bits as stored in the model).</summary>
    public static string IntegerLiteral(ScalarKind kind, long bits)
    {
        switch (kind)
        {
            case ScalarKind.Bool:
                return bits != 0 ? "true" : "false";
            case ScalarKind.ULong:
                return unchecked((ulong)bits).ToString(CultureInfo.InvariantCulture) + "UL";
            case ScalarKind.UInt:
                return unchecked((uint)bits).ToString(CultureInfo.InvariantCulture) + "U";
            case ScalarKind.Long:
                return bits == long.MinValue ? "long.MinValue" : bits.ToString(CultureInfo.InvariantCulture) + "L";
            case ScalarKind.Int:
                return bits == int.MinValue ? "int.MinValue" : bits.ToString(CultureInfo.InvariantCulture);
            case ScalarKind.Float:
            case ScalarKind.Double:
                return FloatLiteral(kind, (double)bits);
            default:
                var text = bits.ToString(CultureInfo.InvariantCulture);
                return bits < 0 ? "(" + Scalar(kind) + ")(" + text + ")" : "(" + Scalar(kind) + ")" + text;
        }
    }

    /// <summary>The bit pattern of a NaN stored as a float (32 bits, sign and payload kept) or a double.</summary>
    public static long NaNBits(ScalarKind kind, double value) =>
        kind == ScalarKind.Float ? BitConverter.ToInt32(BitConverter.GetBytes((float)value), 0) : BitConverter.DoubleToInt64Bits(value);

    /// <summary>A C# int (8 digits) or long (16 digits) literal of raw bits, <c>unchecked</c> when the sign bit is set.</summary>
    public static string HexBits(long bits, int digits)
    {
        var unsigned = digits == 8 ? (ulong)(uint)bits : unchecked((ulong)bits);
        var hex = "0x" + unsigned.ToString(digits == 8 ? "X8" : "X16", CultureInfo.InvariantCulture);
        var negative = digits == 8 ? (int)bits < 0 : bits < 0;
        return negative
            ? "unchecked((" + (digits == 8 ? "int" : "long") + ")" + hex + (digits == 8 ? "U" : "UL") + ")"
            : hex + (digits == 8 ? string.Empty : "L");
    }

    /// <summary>
    /// A literal of a float or double kind (infinities and <c>double.NaN</c> spelled as the type's constants; another
    /// NaN, such as the schema's <c>nan</c>, as an expression of its exact bits, which is not a constant).
    /// </summary>
    public static string FloatLiteral(ScalarKind kind, double value)
    {
        var type = kind == ScalarKind.Float ? "float" : "double";
        if (double.IsNaN(value))
        {
            // The exact NaN: C# has no constant for the quiet NaN without the sign bit (double.NaN has it set).
            var bits = NaNBits(kind, value);
            if (bits == NaNBits(kind, double.NaN))
            {
                return type + ".NaN";
            }

            return kind == ScalarKind.Float
                ? "global::System.BitConverter.Int32BitsToSingle(" + HexBits(bits, 8) + ")"
                : "global::System.BitConverter.Int64BitsToDouble(" + HexBits(bits, 16) + ")";
        }

        if (double.IsPositiveInfinity(value))
        {
            return type + ".PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return type + ".NegativeInfinity";
        }

        if (kind == ScalarKind.Float)
        {
            var single = (float)value;
            if (float.IsInfinity(single))
            {
                return single > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
            }

            return single.ToString("R", CultureInfo.InvariantCulture) + "F";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOf('.') < 0 && text.IndexOf('E') < 0)
        {
            text += ".0";
        }

        return text + "D";
    }

    /// <summary>A C# regular string literal with every non-printable or non-ASCII character escaped.</summary>
    public static string StringLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>An invariant decimal integer.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
