using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>
/// Converts between a canonical JSON form and the generated object API (by reflection, driven by the schema model),
/// and canonicalizes flatc's JSON (enum names to numbers, absent scalars to defaults, non-finite floats to strings),
/// so a buffer printed by flatc and an object read by our code compare field by field.
/// </summary>
internal sealed partial class ObjectJson
{
    private readonly GeneratedSchema _schema;

    public ObjectJson(GeneratedSchema schema)
    {
        _schema = schema;
    }

    /// <summary>flatc's and C's <c>nan</c>: the quiet NaN with the sign bit clear (.NET's <c>double.NaN</c> has it set).</summary>
    public static readonly double CNaN = BitConverter.Int64BitsToDouble(0x7FF8000000000000L);

    /// <summary>Parses flatc's (or a sample's) JSON, accepting bare <c>nan</c>/<c>inf</c> tokens.</summary>
    public static JsonObject Parse(string json) => JsonNode.Parse(NonFinite().Replace(json, m => m.Groups[1].Value + "\"" + m.Groups[2].Value + "\""))!.AsObject();

    /// <summary>Writes a sample as JSON for flatc, with non-finite floats as bare tokens.</summary>
    public static string ToFlatcText(JsonObject sample) => Regex.Replace(sample.ToJsonString(), "\"(nan|inf|-inf)\"", "$1");

    [GeneratedRegex(@"([:\[,]\s*)(-?nan|[-+]?inf(?:inity)?)(?=\s*[,\]\}])")]
    private static partial Regex NonFinite();

    // ---- canonical form from JSON ----

    public JsonObject Canonical(JsonObject json, TableDefinition table)
    {
        var result = new JsonObject();
        foreach (var field in table.Fields)
        {
            if (field.IsDeprecated || field.NestedFlatBuffer is not null)
            {
                continue;
            }

            var node = json[field.Name];
            var type = field.Type;
            switch (type.Kind)
            {
                case SchemaTypeKind.Scalar:
                case SchemaTypeKind.Enum:
                    if (node is not null)
                    {
                        result[field.Name] = Scalar(node, type);
                    }
                    else if (!field.IsOptional)
                    {
                        result[field.Name] = Default(field);
                    }

                    break;
                case SchemaTypeKind.Union:
                {
                    var code = json[field.Name + "_type"] is { } typeNode ? UnionCode(typeNode, type.Union!) : 0;
                    if (code != 0 && node is not null)
                    {
                        result[field.Name + "_type"] = code;
                        result[field.Name] = UnionValue(node, type.Union!, code);
                    }

                    break;
                }

                case SchemaTypeKind.Vector when type.ElementType!.Kind == SchemaTypeKind.Union:
                    if (node is not null && json[field.Name + "_type"] is JsonArray types)
                    {
                        var codes = new JsonArray();
                        var values = new JsonArray();
                        var array = node.AsArray();
                        for (var i = 0; i < array.Count; i++)
                        {
                            var code = UnionCode(types[i]!, type.ElementType.Union!);
                            codes.Add(code);
                            values.Add(code == 0 ? null : UnionValue(array[i]!, type.ElementType.Union!, code));
                        }

                        result[field.Name + "_type"] = codes;
                        result[field.Name] = values;
                    }

                    break;
                default:
                    if (node is not null)
                    {
                        result[field.Name] = Value(node, type);
                    }

                    break;
            }
        }

        return result;
    }

    private JsonNode? Value(JsonNode node, SchemaType type) => type.Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => Scalar(node, type),
        SchemaTypeKind.String => JsonValue.Create(node.GetValue<string>()),
        SchemaTypeKind.Struct => StructCanonical(node.AsObject(), type.Struct!),
        SchemaTypeKind.Table => Canonical(node.AsObject(), type.Table!),
        SchemaTypeKind.Vector or SchemaTypeKind.Array => new JsonArray(node.AsArray().Select(e => Value(e!, type.ElementType!)).ToArray()),
        _ => throw new InvalidOperationException("Unexpected type " + type),
    };

    private JsonObject StructCanonical(JsonObject json, StructDefinition definition)
    {
        var result = new JsonObject();
        foreach (var field in definition.Fields)
        {
            result[field.Name] = json[field.Name] is { } node ? Value(node, field.Type) : Zero(field.Type);
        }

        return result;
    }

    private JsonNode? Zero(SchemaType type) => type.Kind switch
    {
        SchemaTypeKind.Struct => StructCanonical(new JsonObject(), type.Struct!),
        SchemaTypeKind.Array => new JsonArray(Enumerable.Range(0, type.ArrayLength).Select(_ => Zero(type.ElementType!)).ToArray()),
        SchemaTypeKind.Scalar when type.Scalar == ScalarKind.Bool => JsonValue.Create(false),
        SchemaTypeKind.Scalar when type.Scalar is ScalarKind.Float or ScalarKind.Double => JsonValue.Create(0.0),
        _ => JsonValue.Create(0L),
    };

    private JsonNode? UnionValue(JsonNode node, UnionDefinition union, long code)
    {
        var member = union.Members.FirstOrDefault(m => m.Value == code);
        return member is null ? null : Value(node, member.Type!);
    }

    private static long UnionCode(JsonNode node, UnionDefinition union)
    {
        if (node.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            var name = node.GetValue<string>();
            return union.Members.First(m => m.Name == name).Value;
        }

        return node.GetValue<long>();
    }

    private static JsonNode Scalar(JsonNode node, SchemaType type)
    {
        var kind = node.GetValueKind();
        if (type.Scalar == ScalarKind.Bool)
        {
            return JsonValue.Create(kind == System.Text.Json.JsonValueKind.True || (kind == System.Text.Json.JsonValueKind.Number && node.GetValue<double>() != 0));
        }

        if (type.Scalar is ScalarKind.Float or ScalarKind.Double)
        {
            if (kind == System.Text.Json.JsonValueKind.String)
            {
                var text = node.GetValue<string>().TrimStart('+');
                return JsonValue.Create(text.Contains("nan", StringComparison.Ordinal) ? "nan" : text.StartsWith('-') ? "-inf" : "inf");
            }

            return JsonValue.Create(node.GetValue<double>());
        }

        if (kind == System.Text.Json.JsonValueKind.String)
        {
            var enumType = type.Enum ?? throw new InvalidOperationException("A string for the non-enum " + type);
            ulong bits = 0;
            foreach (var name in node.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                bits |= enumType.FindValue(name)!.UnsignedValue;
            }

            return Integer(type.Scalar, unchecked((long)bits));
        }

        var raw = node.ToJsonString();
        return type.Scalar == ScalarKind.ULong
            ? JsonValue.Create(ulong.Parse(raw, CultureInfo.InvariantCulture))
            : JsonValue.Create(long.Parse(raw, CultureInfo.InvariantCulture));
    }

    private static JsonNode Integer(ScalarKind kind, long bits) => kind == ScalarKind.ULong ? JsonValue.Create(unchecked((ulong)bits)) : JsonValue.Create(SignExtend(kind, bits));

    private static long SignExtend(ScalarKind kind, long bits) => kind switch
    {
        ScalarKind.Byte => (sbyte)bits,
        ScalarKind.UByte => (byte)bits,
        ScalarKind.Short => (short)bits,
        ScalarKind.UShort => (ushort)bits,
        ScalarKind.Int => (int)bits,
        ScalarKind.UInt => (uint)bits,
        _ => bits,
    };

    private static JsonNode Default(FieldDefinition field)
    {
        var value = field.Default;
        var scalar = field.Type.Scalar;
        return value.Kind switch
        {
            DefaultValueKind.Bool => JsonValue.Create(value.Bool),
            DefaultValueKind.Float => FloatNode(value.Float),
            DefaultValueKind.Integer when scalar is ScalarKind.Float or ScalarKind.Double => FloatNode(value.IntegerBits),
            DefaultValueKind.Integer when scalar == ScalarKind.Bool => JsonValue.Create(value.IntegerBits != 0),
            DefaultValueKind.Integer => Integer(scalar, value.IntegerBits),
            _ => scalar == ScalarKind.Bool ? JsonValue.Create(false) : scalar is ScalarKind.Float or ScalarKind.Double ? JsonValue.Create(0.0) : JsonValue.Create(0L),
        };
    }

    private static JsonNode FloatNode(double value) =>
        double.IsNaN(value) ? JsonValue.Create("nan") : double.IsPositiveInfinity(value) ? JsonValue.Create("inf") : double.IsNegativeInfinity(value) ? JsonValue.Create("-inf") : JsonValue.Create(value);

    // ---- canonical form from the object API ----

    public JsonObject FromObject(object obj, TableDefinition table)
    {
        var result = new JsonObject();
        var names = _schema.Types.Members(table);
        var clr = obj.GetType();
        foreach (var field in table.Fields)
        {
            if (field.IsDeprecated || field.NestedFlatBuffer is not null)
            {
                continue;
            }

            var value = clr.GetProperty(names[field])!.GetValue(obj);
            if (value is null)
            {
                continue;
            }

            var type = field.Type;
            if (type.Kind == SchemaTypeKind.Union)
            {
                var code = UnionWrapperCode(value);
                var inner = value.GetType().GetProperty("Value")!.GetValue(value);
                if (code != 0 && inner is not null)
                {
                    result[field.Name + "_type"] = code;
                    result[field.Name] = UnionObject(inner, type.Union!, code);
                }

                continue;
            }

            if (type.Kind == SchemaTypeKind.Vector && type.ElementType!.Kind == SchemaTypeKind.Union)
            {
                var codes = new JsonArray();
                var values = new JsonArray();
                foreach (var element in (IEnumerable)value)
                {
                    var code = UnionWrapperCode(element);
                    var inner = element.GetType().GetProperty("Value")!.GetValue(element);
                    codes.Add(code);
                    values.Add(code == 0 || inner is null ? null : UnionObject(inner, type.ElementType.Union!, code));
                }

                result[field.Name + "_type"] = codes;
                result[field.Name] = values;
                continue;
            }

            result[field.Name] = ObjectValue(value, type);
        }

        return result;
    }

    private static long UnionWrapperCode(object wrapper) => Convert.ToInt64(wrapper.GetType().GetProperty("Type")!.GetValue(wrapper), CultureInfo.InvariantCulture);

    private JsonNode? UnionObject(object value, UnionDefinition union, long code)
    {
        var member = union.Members.FirstOrDefault(m => m.Value == code);
        return member is null ? null : ObjectValue(value, member.Type!);
    }

    private JsonNode? ObjectValue(object value, SchemaType type)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
                return ClrScalar(value, type.Scalar);
            case SchemaTypeKind.String:
                return JsonValue.Create((string)value);
            case SchemaTypeKind.Table:
                return FromObject(value, type.Table!);
            case SchemaTypeKind.Struct:
            {
                var result = new JsonObject();
                var names = _schema.Types.Members(type.Struct!);
                foreach (var field in type.Struct!.Fields)
                {
                    result[field.Name] = ObjectValue(value.GetType().GetProperty(names[field])!.GetValue(value)!, field.Type);
                }

                return result;
            }

            default:
                return new JsonArray(((IEnumerable)value).Cast<object>().Select(e => ObjectValue(e, type.ElementType!)).ToArray());
        }
    }

    private static JsonNode ClrScalar(object value, ScalarKind kind) => kind switch
    {
        ScalarKind.Bool => JsonValue.Create((bool)value),
        ScalarKind.Float => FloatNode((float)value),
        ScalarKind.Double => FloatNode((double)value),
        ScalarKind.ULong => JsonValue.Create(Convert.ToUInt64(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
    };

    // ---- object API from canonical JSON ----

    public object ToObject(JsonObject canonical, TableDefinition table)
    {
        var clr = _schema.ClrType(table, objectApi: true);
        var obj = Activator.CreateInstance(clr)!;
        var names = _schema.Types.Members(table);
        foreach (var field in table.Fields)
        {
            if (field.IsDeprecated || canonical[field.Name] is not { } node)
            {
                continue;
            }

            var property = clr.GetProperty(names[field])!;
            var type = field.Type;
            if (type.Kind == SchemaTypeKind.Union)
            {
                property.SetValue(obj, UnionWrapper(type.Union!, canonical[field.Name + "_type"]!.GetValue<long>(), node));
            }
            else if (type.Kind == SchemaTypeKind.Vector && type.ElementType!.Kind == SchemaTypeKind.Union)
            {
                var list = (IList)Activator.CreateInstance(property.PropertyType)!;
                var codes = canonical[field.Name + "_type"]!.AsArray();
                var values = node.AsArray();
                for (var i = 0; i < values.Count; i++)
                {
                    list.Add(UnionWrapper(type.ElementType.Union!, codes[i]!.GetValue<long>(), values[i]));
                }

                property.SetValue(obj, list);
            }
            else
            {
                property.SetValue(obj, ToClr(node, type, property.PropertyType));
            }
        }

        return obj;
    }

    private object UnionWrapper(UnionDefinition union, long code, JsonNode? value)
    {
        var wrapperType = _schema.ClrType(union, objectApi: true);
        var wrapper = Activator.CreateInstance(wrapperType)!;
        wrapperType.GetProperty("Type")!.SetValue(wrapper, Enum.ToObject(_schema.ClrType(union, objectApi: false), code));
        var member = union.Members.FirstOrDefault(m => m.Value == code);
        if (member?.Type is { } memberType && value is not null)
        {
            var clr = memberType.Kind == SchemaTypeKind.String ? typeof(string) : _schema.ClrType(memberType.Definition!, objectApi: true);
            wrapperType.GetProperty("Value")!.SetValue(wrapper, ToClr(value, memberType, clr));
        }

        return wrapper;
    }

    private object? ToClr(JsonNode node, SchemaType type, Type clr)
    {
        var target = Nullable.GetUnderlyingType(clr) ?? clr;
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
                return ScalarToClr(node, type.Scalar, target);
            case SchemaTypeKind.String:
                return node.GetValue<string>();
            case SchemaTypeKind.Table:
                return ToObject(node.AsObject(), type.Table!);
            case SchemaTypeKind.Struct:
            {
                var obj = Activator.CreateInstance(target)!;
                var names = _schema.Types.Members(type.Struct!);
                foreach (var field in type.Struct!.Fields)
                {
                    var property = target.GetProperty(names[field])!;
                    property.SetValue(obj, ToClr(node[field.Name]!, field.Type, property.PropertyType));
                }

                return obj;
            }

            case SchemaTypeKind.Array:
            {
                var elementType = target.GetElementType()!;
                var array = Array.CreateInstance(elementType, type.ArrayLength);
                var items = node.AsArray();
                for (var i = 0; i < type.ArrayLength; i++)
                {
                    array.SetValue(ToClr(items[i]!, type.ElementType!, elementType), i);
                }

                return array;
            }

            default:
            {
                var list = (IList)Activator.CreateInstance(target)!;
                var elementType = target.GetGenericArguments()[0];
                foreach (var item in node.AsArray())
                {
                    list.Add(ToClr(item!, type.ElementType!, elementType));
                }

                return list;
            }
        }
    }

    private static object ScalarToClr(JsonNode node, ScalarKind kind, Type target)
    {
        if (kind == ScalarKind.Bool)
        {
            return node.GetValue<bool>();
        }

        if (kind is ScalarKind.Float or ScalarKind.Double)
        {
            var value = node.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? node.GetValue<string>() switch { "nan" => CNaN, "-inf" => double.NegativeInfinity, _ => double.PositiveInfinity }
                : node.GetValue<double>();
            return kind == ScalarKind.Float ? (object)(float)value : value;
        }

        var raw = node.ToJsonString();
        object number = kind == ScalarKind.ULong ? ulong.Parse(raw, CultureInfo.InvariantCulture) : long.Parse(raw, CultureInfo.InvariantCulture);
        if (target.IsEnum)
        {
            return Enum.ToObject(target, number);
        }

        return kind == ScalarKind.ULong ? number : Convert.ChangeType(unchecked((long)number), target, CultureInfo.InvariantCulture);
    }

    // ---- comparison ----

    /// <summary>A copy without empty strings and empty arrays in table fields (how the C++ object API writes them).</summary>
    public static JsonObject WithoutEmpty(JsonObject table)
    {
        var result = new JsonObject();
        foreach (var (key, value) in table)
        {
            switch (value)
            {
                case JsonArray { Count: 0 }:
                    continue;
                case JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String && text.GetValue<string>().Length == 0:
                    continue;
                case JsonObject inner:
                    result[key] = WithoutEmpty(inner);
                    break;
                case JsonArray array:
                    result[key] = new JsonArray(array.Select(e => e is JsonObject o ? WithoutEmpty(o) : e?.DeepClone()).ToArray());
                    break;
                default:
                    result[key] = value?.DeepClone();
                    break;
            }
        }

        return result;
    }

    /// <summary>Compares two canonical documents; returns null when equal, else the path and both values.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : path + ": expected " + expected?.ToJsonString() + " but got " + actual?.ToJsonString();
        }

        if (expected is JsonObject eo && actual is JsonObject ao)
        {
            foreach (var key in eo.Select(p => p.Key).Union(ao.Select(p => p.Key)))
            {
                var d = Difference(eo[key], ao[key], path + "." + key);
                if (d is not null)
                {
                    return d;
                }
            }

            return null;
        }

        if (expected is JsonArray ea && actual is JsonArray aa)
        {
            if (ea.Count != aa.Count)
            {
                return path + ": expected " + ea.Count + " elements but got " + aa.Count;
            }

            for (var i = 0; i < ea.Count; i++)
            {
                var d = Difference(ea[i], aa[i], path + "[" + i + "]");
                if (d is not null)
                {
                    return d;
                }
            }

            return null;
        }

        var ek = expected.GetValueKind();
        var ak = actual.GetValueKind();
        if (ek == System.Text.Json.JsonValueKind.Number && ak == System.Text.Json.JsonValueKind.Number)
        {
            var er = expected.ToJsonString();
            var ar = actual.ToJsonString();
            if (decimal.TryParse(er, NumberStyles.Float, CultureInfo.InvariantCulture, out var ed) && decimal.TryParse(ar, NumberStyles.Float, CultureInfo.InvariantCulture, out var ad) && ed == ad)
            {
                return null;
            }

            var e = double.Parse(er, CultureInfo.InvariantCulture);
            var a = double.Parse(ar, CultureInfo.InvariantCulture);
            var isIntegral = !er.Contains('.') && !er.Contains('e') && !er.Contains('E') && !ar.Contains('.') && !ar.Contains('e') && !ar.Contains('E');
            if (!isIntegral && Math.Abs(e - a) <= 1e-5 * Math.Max(Math.Abs(e), Math.Abs(a)))
            {
                return null;
            }

            return path + ": expected " + er + " but got " + ar;
        }

        return JsonNode.DeepEquals(expected, actual) ? null : path + ": expected " + expected.ToJsonString() + " but got " + actual.ToJsonString();
    }
}
