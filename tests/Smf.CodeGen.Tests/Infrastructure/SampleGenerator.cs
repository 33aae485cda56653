using System.Text;
using System.Text.Json.Nodes;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>Random JSON documents for a table (flatc's JSON syntax), from the schema model: extremes, unicode, unions, sorted keys.</summary>
internal sealed class SampleGenerator
{
    private static readonly string[] Words = ["alpha", "beta", "gamma", "é", "日本", "a\"quote", "back\\slash", "tab\t", string.Empty];
    private readonly Random _random;
    private readonly int _maxDepth;
    private readonly IReadOnlySet<string> _exclude;

    public SampleGenerator(int seed, int maxDepth = 2, IReadOnlySet<string>? exclude = null)
    {
        _random = new Random(seed);
        _maxDepth = maxDepth;
        _exclude = exclude ?? new HashSet<string>();
    }

    public JsonObject Table(TableDefinition table, int depth = 0)
    {
        var result = new JsonObject();
        foreach (var field in table.Fields)
        {
            if (field.IsDeprecated || field.NestedFlatBuffer is not null || _exclude.Contains(field.Name) || (!field.IsRequired && !field.IsKey && _random.NextDouble() < 0.3))
            {
                continue;
            }

            var type = field.Type;
            switch (type.Kind)
            {
                case SchemaTypeKind.Table when depth >= _maxDepth:
                    continue;
                case SchemaTypeKind.Union:
                {
                    var member = Member(type.Union!, depth);
                    if (member is not null)
                    {
                        result[field.Name + "_type"] = member.Name;
                        result[field.Name] = Value(member.Type!, depth + 1);
                    }

                    continue;
                }

                case SchemaTypeKind.Vector when type.ElementType!.Kind == SchemaTypeKind.Union:
                {
                    var types = new JsonArray();
                    var values = new JsonArray();
                    var count = _random.Next(4);
                    for (var i = 0; i < count; i++)
                    {
                        var member = Member(type.ElementType.Union!, depth);
                        if (member is not null)
                        {
                            types.Add(member.Name);
                            values.Add(Value(member.Type!, depth + 1));
                        }
                    }

                    result[field.Name + "_type"] = types;
                    result[field.Name] = values;
                    continue;
                }

                case SchemaTypeKind.Vector when type.ElementType!.Kind == SchemaTypeKind.Table && depth >= _maxDepth:
                    continue;
            }

            result[field.Name] = Value(type, depth + 1);
        }

        return result;
    }

    private UnionMemberDefinition? Member(UnionDefinition union, int depth)
    {
        var candidates = union.Members.Where(m => !m.IsNone && (m.Type!.Kind != SchemaTypeKind.Table || depth < _maxDepth)).ToList();
        return candidates.Count == 0 ? null : candidates[_random.Next(candidates.Count)];
    }

    private JsonNode? Value(SchemaType type, int depth)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
                return Scalar(type.Scalar);
            case SchemaTypeKind.Enum:
            {
                var values = type.Enum!.Values;
                if (type.Enum.IsBitFlags)
                {
                    ulong bits = 0;
                    foreach (var value in values)
                    {
                        bits |= _random.Next(2) == 0 ? value.UnsignedValue : 0;
                    }

                    return JsonValue.Create(bits);
                }

                var chosen = values[_random.Next(values.Count)];
                return type.Scalar == ScalarKind.ULong ? JsonValue.Create(chosen.UnsignedValue) : JsonValue.Create(chosen.Value);
            }

            case SchemaTypeKind.String:
                return JsonValue.Create(Text());
            case SchemaTypeKind.Struct:
            {
                var result = new JsonObject();
                foreach (var field in type.Struct!.Fields)
                {
                    result[field.Name] = Value(field.Type, depth);
                }

                return result;
            }

            case SchemaTypeKind.Array:
                return new JsonArray(Enumerable.Range(0, type.ArrayLength).Select(_ => Value(type.ElementType!, depth)).ToArray());
            case SchemaTypeKind.Table:
                return Table(type.Table!, depth);
            case SchemaTypeKind.Vector:
            {
                var element = type.ElementType!;
                var count = _random.Next(element.Kind == SchemaTypeKind.Table ? 4 : 6);
                if (element.Kind == SchemaTypeKind.Table && element.Table!.KeyField is { } key)
                {
                    return KeyedTables(element.Table, key, count, depth);
                }

                return new JsonArray(Enumerable.Range(0, count).Select(_ => Value(element, depth)).ToArray());
            }

            default:
                throw new InvalidOperationException("Unexpected type " + type);
        }
    }

    private JsonArray KeyedTables(TableDefinition table, FieldDefinition key, int count, int depth)
    {
        var tables = new List<JsonObject>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var item = Table(table, depth);
            var keyValue = key.Type.Kind == SchemaTypeKind.String ? "k" + _random.Next(1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture) : null;
            if (keyValue is not null)
            {
                item[key.Name] = keyValue;
            }
            else
            {
                item[key.Name] ??= Scalar(key.Type.Scalar);
            }

            if (keys.Add(item[key.Name]!.ToJsonString()))
            {
                tables.Add(item);
            }
        }

        tables.Sort((a, b) => key.Type.Kind == SchemaTypeKind.String
            ? string.CompareOrdinal(a[key.Name]!.GetValue<string>(), b[key.Name]!.GetValue<string>())
            : decimal.Parse(a[key.Name]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture).CompareTo(decimal.Parse(b[key.Name]!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)));
        return new JsonArray(tables.ToArray<JsonNode?>());
    }

    private string Text()
    {
        if (_random.Next(8) == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("s");
        var words = _random.Next(4);
        for (var i = 0; i < words; i++)
        {
            builder.Append(Words[_random.Next(Words.Length)]);
        }

        return builder.ToString();
    }

    private JsonNode Scalar(ScalarKind kind)
    {
        var extreme = _random.Next(4) == 0;
        return kind switch
        {
            ScalarKind.Bool => JsonValue.Create(_random.Next(2) == 1),
            ScalarKind.Byte => JsonValue.Create(extreme ? (_random.Next(2) == 0 ? sbyte.MinValue : sbyte.MaxValue) : _random.Next(-100, 100)),
            ScalarKind.UByte => JsonValue.Create(extreme ? byte.MaxValue : _random.Next(0, 200)),
            ScalarKind.Short => JsonValue.Create(extreme ? (_random.Next(2) == 0 ? short.MinValue : short.MaxValue) : _random.Next(-1000, 1000)),
            ScalarKind.UShort => JsonValue.Create(extreme ? ushort.MaxValue : _random.Next(0, 60000)),
            ScalarKind.Int => JsonValue.Create(extreme ? (_random.Next(2) == 0 ? int.MinValue : int.MaxValue) : _random.Next(-100000, 100000)),
            ScalarKind.UInt => JsonValue.Create(extreme ? uint.MaxValue : (uint)_random.Next(0, int.MaxValue)),
            ScalarKind.Long => JsonValue.Create(extreme ? (_random.Next(2) == 0 ? long.MinValue : long.MaxValue) : _random.NextInt64(-1_000_000_000_000, 1_000_000_000_000)),
            ScalarKind.ULong => JsonValue.Create(extreme ? ulong.MaxValue : (ulong)_random.NextInt64(0, long.MaxValue)),
            _ => extreme
                ? (JsonNode)JsonValue.Create(new[] { "nan", "inf", "-inf" }[_random.Next(3)])
                : JsonValue.Create(_random.Next(-4000, 4000) / 4.0),
        };
    }
}
