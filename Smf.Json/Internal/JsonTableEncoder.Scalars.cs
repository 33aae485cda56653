using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Smf.Compiler.Schema;

namespace Smf.Json.Internal;

/// <summary>Scalars, enums and structs: parsing JSON values, range checks, defaults and inline writes.</summary>
internal sealed partial class JsonTableEncoder
{
    private ScalarValue ParseScalar(SchemaType type, JsonElement json, string path, FieldDefinition? field)
    {
        var kind = type.Scalar;
        if (type.Kind == SchemaTypeKind.Enum && json.ValueKind == JsonValueKind.String && !LooksNumeric(json.GetString()!))
        {
            return ParseEnumNames(type.Enum!, json.GetString()!, path, field);
        }

        switch (json.ValueKind)
        {
            case JsonValueKind.True:
            case JsonValueKind.False:
                if (kind != ScalarKind.Bool)
                {
                    throw Error(path, FieldName(field), $"expected a number for {TypeName(type)}, found {json.GetRawText()}");
                }

                return ScalarValue.Integer(json.ValueKind == JsonValueKind.True ? 1 : 0);
            case JsonValueKind.Number:
                return ParseNumber(type, json.GetRawText(), path, field);
            case JsonValueKind.String:
                // flatc also reads a number written as a string; floating-point fields accept nan and inf this way.
                return ParseNumber(type, json.GetString()!.Trim(), path, field);
            default:
                throw Error(path, FieldName(field), $"expected {(kind == ScalarKind.Bool ? "true or false" : type.Kind == SchemaTypeKind.Enum ? "a value name or number" : "a number")} for {TypeName(type)}, found {Describe(json)}");
        }
    }

    private static bool LooksNumeric(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || ((text[0] == '-' || text[0] == '+') && text.Length > 1 && char.IsAsciiDigit(text[1])));

    private static ScalarValue ParseNumber(SchemaType type, string text, string path, FieldDefinition? field)
    {
        var kind = type.Scalar;
        if (ScalarValue.IsFloatingPoint(kind))
        {
            double value;
            switch (text.ToLowerInvariant())
            {
                case "nan" or "+nan":
                    value = BitConverter.Int64BitsToDouble(0x7FF8000000000000);
                    break;
                case "-nan":
                    value = double.NaN;
                    break;
                case "inf" or "+inf" or "infinity" or "+infinity":
                    value = double.PositiveInfinity;
                    break;
                case "-inf" or "-infinity":
                    value = double.NegativeInfinity;
                    break;
                default:
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
                    {
                        throw Error(path, FieldName(field), $"'{text}' is not a number for {TypeName(type)}");
                    }

                    if (kind == ScalarKind.Float && Math.Abs(value) > float.MaxValue)
                    {
                        throw Error(path, FieldName(field), $"{text} is out of range for float (±{float.MaxValue.ToString("R", CultureInfo.InvariantCulture)})");
                    }

                    break;
            }

            return ScalarValue.FloatingPoint(value);
        }

        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            if (kind == ScalarKind.Bool && text is "true" or "false")
            {
                return ScalarValue.Integer(text == "true" ? 1 : 0);
            }

            throw Error(path, FieldName(field), $"'{text}' is not an integer for {TypeName(type)}");
        }

        var (min, max) = Range(kind);
        if (integer < min || integer > max)
        {
            throw Error(path, FieldName(field), $"{text} is out of range for {TypeName(type)} ({min}..{max})");
        }

        return ScalarValue.Integer(kind == ScalarKind.ULong ? unchecked((long)(ulong)integer) : (long)integer);
    }

    private static (BigInteger Min, BigInteger Max) Range(ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => (0, 1),
        ScalarKind.Byte => (sbyte.MinValue, sbyte.MaxValue),
        ScalarKind.UByte => (byte.MinValue, byte.MaxValue),
        ScalarKind.Short => (short.MinValue, short.MaxValue),
        ScalarKind.UShort => (ushort.MinValue, ushort.MaxValue),
        ScalarKind.Int => (int.MinValue, int.MaxValue),
        ScalarKind.UInt => (uint.MinValue, uint.MaxValue),
        ScalarKind.Long => (long.MinValue, long.MaxValue),
        _ => (ulong.MinValue, ulong.MaxValue),
    };

    private static ScalarValue ParseEnumNames(EnumDefinition definition, string text, string path, FieldDefinition? field)
    {
        long bits = 0;
        var names = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0 || (names.Length > 1 && !definition.IsBitFlags))
        {
            throw Error(path, FieldName(field), $"'{text}' is not a value of the enum {definition.FullName} ({EnumNames(definition)})");
        }

        foreach (var raw in names)
        {
            var name = raw;
            var qualified = definition.Name + ".";
            if (name.StartsWith(definition.FullName + ".", StringComparison.Ordinal))
            {
                name = name[(definition.FullName.Length + 1)..];
            }
            else if (name.StartsWith(qualified, StringComparison.Ordinal))
            {
                name = name[qualified.Length..];
            }

            var value = definition.FindValue(name)
                ?? throw Error(path, FieldName(field), $"the enum {definition.FullName} has no value '{raw}' ({EnumNames(definition)})");
            bits |= value.Value;
        }

        return ScalarValue.Integer(bits);
    }

    private static string EnumNames(EnumDefinition definition) =>
        (definition.IsBitFlags ? "bit flags, space-separated: " : "values: ") + string.Join(", ", definition.Values.Select(v => v.Name));

    private static string TypeName(SchemaType type) => type.Kind == SchemaTypeKind.Enum ? $"the enum {type.Enum!.FullName} ({SchemaType.ScalarName(type.Scalar)})" : SchemaType.ScalarName(type.Scalar);

    private static ScalarValue DefaultOf(FieldDefinition field) => field.Default.Kind switch
    {
        DefaultValueKind.Float => ScalarValue.FloatingPoint(field.Default.Float),
        DefaultValueKind.Integer => ScalarValue.IsFloatingPoint(field.Type.Scalar) ? ScalarValue.FloatingPoint(field.Default.IntegerBits) : ScalarValue.Integer(field.Default.IntegerBits),
        DefaultValueKind.Bool => ScalarValue.Integer(field.Default.Bool ? 1 : 0),
        _ => default,
    };

    /// <summary>Whether a value equals the field's default bit for bit (so that only the NaN the default names is left out).</summary>
    private static bool IsDefault(FieldDefinition field, ScalarValue value)
    {
        var fallback = DefaultOf(field);
        return field.Type.Scalar switch
        {
            ScalarKind.Float => BitConverter.SingleToInt32Bits((float)value.Float) == BitConverter.SingleToInt32Bits((float)fallback.Float),
            ScalarKind.Double => BitConverter.DoubleToInt64Bits(value.Float) == BitConverter.DoubleToInt64Bits(fallback.Float),
            _ => value.Bits == fallback.Bits,
        };
    }

    private static int CompareScalars(ScalarKind kind, ScalarValue a, ScalarValue b) => kind switch
    {
        ScalarKind.Float or ScalarKind.Double => a.Float.CompareTo(b.Float),
        ScalarKind.ULong => unchecked((ulong)a.Bits).CompareTo(unchecked((ulong)b.Bits)),
        _ => a.Bits.CompareTo(b.Bits),
    };

    private void AddScalar(ScalarKind kind, int slot, ScalarValue value)
    {
        // ForceDefaults is on: the caller has already left out values equal to the default.
        switch (kind)
        {
            case ScalarKind.Bool: _builder.AddBool(slot, value.Bits != 0, false); break;
            case ScalarKind.Byte: _builder.AddSbyte(slot, (sbyte)value.Bits, 0); break;
            case ScalarKind.UByte: _builder.AddByte(slot, (byte)value.Bits, 0); break;
            case ScalarKind.Short: _builder.AddShort(slot, (short)value.Bits, 0); break;
            case ScalarKind.UShort: _builder.AddUshort(slot, (ushort)value.Bits, 0); break;
            case ScalarKind.Int: _builder.AddInt(slot, (int)value.Bits, 0); break;
            case ScalarKind.UInt: _builder.AddUint(slot, (uint)value.Bits, 0); break;
            case ScalarKind.Long: _builder.AddLong(slot, value.Bits, 0); break;
            case ScalarKind.ULong: _builder.AddUlong(slot, unchecked((ulong)value.Bits), 0); break;
            case ScalarKind.Float: _builder.AddFloat(slot, (float)value.Float, 0); break;
            default: _builder.AddDouble(slot, value.Float, 0); break;
        }
    }

    private void PutScalar(ScalarKind kind, ScalarValue value)
    {
        switch (kind)
        {
            case ScalarKind.Bool: _builder.PutBool(value.Bits != 0); break;
            case ScalarKind.Byte: _builder.PutSbyte((sbyte)value.Bits); break;
            case ScalarKind.UByte: _builder.PutByte((byte)value.Bits); break;
            case ScalarKind.Short: _builder.PutShort((short)value.Bits); break;
            case ScalarKind.UShort: _builder.PutUshort((ushort)value.Bits); break;
            case ScalarKind.Int: _builder.PutInt((int)value.Bits); break;
            case ScalarKind.UInt: _builder.PutUint((uint)value.Bits); break;
            case ScalarKind.Long: _builder.PutLong(value.Bits); break;
            case ScalarKind.ULong: _builder.PutUlong(unchecked((ulong)value.Bits)); break;
            case ScalarKind.Float: _builder.PutFloat((float)value.Float); break;
            default: _builder.PutDouble(value.Float); break;
        }
    }

    /// <summary>Writes a struct inline, back to front as FlatBufferBuilder lays data out: every field must be given.</summary>
    private void WriteStruct(StructDefinition definition, JsonElement json, string path, FieldDefinition? field)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, FieldName(field), $"expected an object for the struct {definition.FullName}, found {Describe(json)}");
        }

        var values = new JsonElement[definition.Fields.Count];
        var given = new bool[definition.Fields.Count];
        foreach (var property in json.EnumerateObject())
        {
            var index = -1;
            for (var i = 0; i < definition.Fields.Count; i++)
            {
                if (definition.Fields[i].Name == property.Name)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                throw Error(Child(path, property.Name), null, $"the struct {definition.FullName} has no field '{property.Name}' (its fields: {string.Join(", ", definition.Fields.Select(f => f.Name))})");
            }

            if (given[index])
            {
                throw Error(Child(path, property.Name), FieldName(definition.Fields[index]), $"the field '{property.Name}' is given twice");
            }

            values[index] = property.Value;
            given[index] = true;
        }

        for (var i = 0; i < given.Length; i++)
        {
            if (!given[i])
            {
                throw Error(path, FieldName(definition.Fields[i]), $"the struct {definition.FullName} needs every field; '{definition.Fields[i].Name}' is missing");
            }
        }

        _builder.Prep(definition.Alignment, definition.Size);
        for (var i = definition.Fields.Count - 1; i >= 0; i--)
        {
            var member = definition.Fields[i];
            var memberPath = Child(path, member.Name);
            _builder.Pad(member.Padding);
            if (member.Type.Kind == SchemaTypeKind.Array)
            {
                var element = member.Type.ElementType!;
                if (values[i].ValueKind != JsonValueKind.Array || values[i].GetArrayLength() != member.Type.ArrayLength)
                {
                    throw Error(memberPath, FieldName(member), $"expected an array of exactly {member.Type.ArrayLength} elements for {member.Type}, found {Describe(values[i])}" + (values[i].ValueKind == JsonValueKind.Array ? $" of {values[i].GetArrayLength()}" : string.Empty));
                }

                var items = values[i].EnumerateArray().ToArray();
                for (var j = items.Length - 1; j >= 0; j--)
                {
                    WriteInline(element, items[j], Index(memberPath, j), member);
                }
            }
            else
            {
                WriteInline(member.Type, values[i], memberPath, member);
            }
        }
    }

    private void WriteInline(SchemaType type, JsonElement json, string path, FieldDefinition member)
    {
        if (type.Kind == SchemaTypeKind.Struct)
        {
            WriteStruct(type.Struct!, json, path, member);
        }
        else
        {
            PutScalar(type.Scalar, ParseScalar(type, json, path, member));
        }
    }
}
