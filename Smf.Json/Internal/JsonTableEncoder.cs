using System.Text.Json;
using Google.FlatBuffers;
using Smf.Compiler.Schema;

namespace Smf.Json.Internal;

/// <summary>
/// Writes one JSON document as a FlatBuffer, bottom up on a <see cref="FlatBufferBuilder"/>: a table's strings,
/// vectors, sub-tables and union values first, then the table with its scalars and inline structs.
/// </summary>
internal sealed partial class JsonTableEncoder
{
    /// <summary>The deepest nesting of tables accepted (the verifier's limit).</summary>
    private const int MaxDepth = 64;

    private readonly FlatBufferBuilder _builder = new(256) { ForceDefaults = true };

    public byte[] Encode(TableDefinition table, JsonElement root, bool writeIdentifier = true)
    {
        var offset = WriteTable(table, root, "$", 1);
        var file = table.File;
        if (writeIdentifier && file is not null && ReferenceEquals(file.RootType, table) && file.FileIdentifier is { Length: 4 } identifier)
        {
            _builder.Finish(offset, identifier);
        }
        else
        {
            _builder.Finish(offset);
        }

        return _builder.SizedByteArray();
    }

    private int WriteTable(TableDefinition table, JsonElement json, string path, int depth)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, null, $"expected an object for the table {table.FullName}, found {Describe(json)}");
        }

        if (depth > MaxDepth)
        {
            throw Error(path, null, $"tables nest deeper than {MaxDepth}, the verifier's limit");
        }

        var fields = table.Fields;
        var values = new JsonElement?[fields.Count];
        var unionTypes = new JsonElement?[fields.Count];
        foreach (var property in json.EnumerateObject())
        {
            var (index, isUnionType) = FindField(table, property.Name, path);
            ref var slot = ref isUnionType ? ref unionTypes[index] : ref values[index];
            if (slot is not null)
            {
                throw Error(Child(path, property.Name), FieldName(fields[index]), $"the field '{property.Name}' is given twice");
            }

            if (fields[index].IsDeprecated)
            {
                throw Error(Child(path, property.Name), FieldName(fields[index]), $"the field '{property.Name}' is deprecated and cannot be written");
            }

            slot = property.Value;
        }

        // Offsets first: nothing else may be written while the table is open.
        var offsets = new int[fields.Count];
        var unionCodes = new long[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var fieldPath = Child(path, field.Name);
            if (field.Type.Kind == SchemaTypeKind.Union)
            {
                unionCodes[i] = WriteUnionField(field, values[i], unionTypes[i], path, depth, out offsets[i]);
            }
            else if (field.Type.Kind == SchemaTypeKind.Vector && field.Type.ElementType!.Kind == SchemaTypeKind.Union)
            {
                offsets[i] = WriteUnionVectorField(field, values[i], unionTypes[i], path, depth, out var typeVector);
                unionCodes[i] = typeVector;
            }
            else if (values[i] is { } value && value.ValueKind != JsonValueKind.Null)
            {
                offsets[i] = field.Type.Kind switch
                {
                    SchemaTypeKind.String => WriteString(value, fieldPath, field),
                    SchemaTypeKind.Vector => WriteVector(field, value, fieldPath, depth),
                    SchemaTypeKind.Table => WriteTable(field.Type.Table!, value, fieldPath, depth + 1),
                    _ => 0,
                };
            }

            if (field.IsRequired && values[i] is not { ValueKind: not JsonValueKind.Null })
            {
                throw Error(path, FieldName(field), $"the required field '{field.Name}' of {table.FullName} is missing");
            }
        }

        _builder.StartTable(table.SlotCount);
        // Largest inline values first, so the table needs the least padding (flatc and generated code do the same).
        foreach (var i in Enumerable.Range(0, fields.Count).OrderByDescending(i => fields[i].Type.InlineAlignment))
        {
            var field = fields[i];
            var fieldPath = Child(path, field.Name);
            switch (field.Type.Kind)
            {
                case SchemaTypeKind.Scalar:
                case SchemaTypeKind.Enum:
                    if (values[i] is { ValueKind: not JsonValueKind.Null } scalar)
                    {
                        var value = ParseScalar(field.Type, scalar, fieldPath, field);
                        if (field.IsOptional || !IsDefault(field, value))
                        {
                            AddScalar(field.Type.Scalar, field.Id, value);
                        }
                    }

                    break;
                case SchemaTypeKind.Struct:
                    if (values[i] is { ValueKind: not JsonValueKind.Null } structValue)
                    {
                        WriteStruct(field.Type.Struct!, structValue, fieldPath, field);
                        _builder.AddStruct(field.Id, _builder.Offset, 0);
                    }

                    break;
                case SchemaTypeKind.Union:
                    if (unionCodes[i] != 0)
                    {
                        _builder.AddByte(field.UnionTypeId, (byte)unionCodes[i], 0);
                        if (offsets[i] != 0)
                        {
                            _builder.AddOffset(field.Id, offsets[i], 0);
                        }
                    }

                    break;
                default:
                    if (field.UnionTypeId >= 0 && unionCodes[i] != 0)
                    {
                        _builder.AddOffset(field.UnionTypeId, (int)unionCodes[i], 0);
                    }

                    if (offsets[i] != 0)
                    {
                        _builder.AddOffset(field.Id, offsets[i], 0);
                    }

                    break;
            }
        }

        return _builder.EndTable();
    }

    private (int Index, bool IsUnionType) FindField(TableDefinition table, string name, string path)
    {
        var fields = table.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Name == name)
            {
                return (i, false);
            }

            if (fields[i].UnionTypeId >= 0 && name.Length == fields[i].Name.Length + 5 && name.StartsWith(fields[i].Name, StringComparison.Ordinal) && name.EndsWith("_type", StringComparison.Ordinal))
            {
                return (i, true);
            }
        }

        var known = string.Join(", ", fields.Where(f => !f.IsDeprecated).SelectMany(f => f.UnionTypeId >= 0 ? new[] { f.Name + "_type", f.Name } : new[] { f.Name }));
        throw Error(Child(path, name), null, $"the table {table.FullName} has no field '{name}'" + (known.Length == 0 ? " (it has no fields)" : $" (its fields: {known})"));
    }

    private int WriteString(JsonElement json, string path, FieldDefinition? field)
    {
        if (json.ValueKind != JsonValueKind.String)
        {
            throw Error(path, FieldName(field), $"expected a string, found {Describe(json)}");
        }

        return _builder.CreateString(json.GetString()!).Value;
    }

    private int WriteVector(FieldDefinition field, JsonElement json, string path, int depth)
    {
        var element = field.Type.ElementType!;
        if (field.NestedFlatBuffer is { } nested && json.ValueKind == JsonValueKind.Object)
        {
            // flatc writes a nested_flatbuffer field's JSON object as the bytes of a buffer of its own.
            var bytes = new JsonTableEncoder().Encode(nested, json, writeIdentifier: false);
            return WriteByteVector(bytes);
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, FieldName(field), $"expected an array for {field.Type}, found {Describe(json)}");
        }

        var count = json.GetArrayLength();
        switch (element.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            {
                var items = new ScalarValue[count];
                var n = 0;
                foreach (var item in json.EnumerateArray())
                {
                    items[n] = ParseScalar(element, item, Index(path, n), field);
                    n++;
                }

                var size = SchemaType.ScalarSize(element.Scalar);
                _builder.StartVector(size, count, size);
                for (var i = count - 1; i >= 0; i--)
                {
                    PutScalar(element.Scalar, items[i]);
                }

                return _builder.EndVector().Value;
            }

            case SchemaTypeKind.Struct:
            {
                var items = json.EnumerateArray().ToArray();
                var definition = element.Struct!;
                _builder.StartVector(definition.Size, count, definition.Alignment);
                for (var i = count - 1; i >= 0; i--)
                {
                    WriteStruct(definition, items[i], Index(path, i), field);
                }

                return _builder.EndVector().Value;
            }

            case SchemaTypeKind.String:
            {
                var offsets = new int[count];
                var n = 0;
                foreach (var item in json.EnumerateArray())
                {
                    offsets[n] = WriteString(item, Index(path, n), field);
                    n++;
                }

                return WriteOffsetVector(offsets);
            }

            case SchemaTypeKind.Table:
            {
                var table = element.Table!;
                var items = json.EnumerateArray().ToArray();
                var offsets = new int[count];
                for (var i = 0; i < count; i++)
                {
                    offsets[i] = WriteTable(table, items[i], Index(path, i), depth + 1);
                }

                if (table.KeyField is { } key)
                {
                    offsets = SortByKey(key, items, offsets, path);
                }

                return WriteOffsetVector(offsets);
            }

            default:
                throw Error(path, FieldName(field), $"vectors of {element} cannot be written");
        }
    }

    private int WriteByteVector(byte[] bytes)
    {
        _builder.StartVector(1, bytes.Length, 1);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            _builder.PutByte(bytes[i]);
        }

        return _builder.EndVector().Value;
    }

    private int WriteOffsetVector(int[] offsets)
    {
        _builder.StartVector(4, offsets.Length, 4);
        for (var i = offsets.Length - 1; i >= 0; i--)
        {
            _builder.AddOffset(offsets[i]);
        }

        return _builder.EndVector().Value;
    }

    /// <summary>Orders tables by their key (strings byte-wise as UTF-8, numbers by value), as flatc does, so binary searches work.</summary>
    private int[] SortByKey(FieldDefinition key, JsonElement[] items, int[] offsets, string path)
    {
        var keys = new (byte[]? Text, ScalarValue Number)[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var present = items[i].TryGetProperty(key.Name, out var value) && value.ValueKind != JsonValueKind.Null;
            if (key.Type.Kind == SchemaTypeKind.String)
            {
                keys[i] = (present ? System.Text.Encoding.UTF8.GetBytes(value.GetString() ?? string.Empty) : [], default);
            }
            else
            {
                keys[i] = (null, present ? ParseScalar(key.Type, value, Child(Index(path, i), key.Name), key) : DefaultOf(key));
            }
        }

        var order = Enumerable.Range(0, items.Length).ToArray();
        Comparison<int> compare = key.Type.Kind == SchemaTypeKind.String
            ? (a, b) => keys[a].Text.AsSpan().SequenceCompareTo(keys[b].Text)
            : (a, b) => CompareScalars(key.Type.Scalar, keys[a].Number, keys[b].Number);
        // A stable sort: equal keys keep their JSON order.
        order = order.OrderBy(i => i, Comparer<int>.Create(compare)).ToArray();
        return order.Select(i => offsets[i]).ToArray();
    }

    private long WriteUnionField(FieldDefinition field, JsonElement? value, JsonElement? type, string path, int depth, out int offset)
    {
        offset = 0;
        var union = field.Type.Union!;
        var valuePath = Child(path, field.Name);
        if (type is null || type.Value.ValueKind == JsonValueKind.Null)
        {
            if (value is { ValueKind: not JsonValueKind.Null })
            {
                throw Error(valuePath, FieldName(field), $"the union value '{field.Name}' needs its type in '{field.Name}_type' ({UnionNames(union)})");
            }

            return 0;
        }

        var member = ParseUnionMember(union, type.Value, Child(path, field.Name + "_type"), field);
        if (member.IsNone)
        {
            if (value is { ValueKind: not JsonValueKind.Null })
            {
                throw Error(valuePath, FieldName(field), $"'{field.Name}_type' is NONE but '{field.Name}' has a value");
            }

            return 0;
        }

        if (value is not { ValueKind: not JsonValueKind.Null } json)
        {
            throw Error(valuePath, FieldName(field), $"'{field.Name}_type' is {member.Name} but the value '{field.Name}' is missing");
        }

        offset = WriteUnionValue(member, json, valuePath, field, depth);
        return member.Value;
    }

    private int WriteUnionVectorField(FieldDefinition field, JsonElement? value, JsonElement? type, string path, int depth, out long typeVector)
    {
        typeVector = 0;
        var union = field.Type.ElementType!.Union!;
        var valuePath = Child(path, field.Name);
        var typePath = Child(path, field.Name + "_type");
        var hasValue = value is { ValueKind: not JsonValueKind.Null };
        var hasType = type is { ValueKind: not JsonValueKind.Null };
        if (!hasValue && !hasType)
        {
            return 0;
        }

        if (!hasValue || !hasType)
        {
            throw Error(hasValue ? valuePath : typePath, FieldName(field), $"a vector of unions needs both '{field.Name}_type' and '{field.Name}'");
        }

        if (type!.Value.ValueKind != JsonValueKind.Array || value!.Value.ValueKind != JsonValueKind.Array)
        {
            throw Error(type.Value.ValueKind != JsonValueKind.Array ? typePath : valuePath, FieldName(field), $"'{field.Name}_type' and '{field.Name}' must be arrays");
        }

        var types = type.Value.EnumerateArray().ToArray();
        var values = value.Value.EnumerateArray().ToArray();
        if (types.Length != values.Length)
        {
            throw Error(valuePath, FieldName(field), $"'{field.Name}_type' has {types.Length} elements but '{field.Name}' has {values.Length}");
        }

        var codes = new byte[types.Length];
        var offsets = new int[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            var member = ParseUnionMember(union, types[i], Index(typePath, i), field);
            codes[i] = (byte)member.Value;
            if (!member.IsNone)
            {
                offsets[i] = WriteUnionValue(member, values[i], Index(valuePath, i), field, depth);
            }
        }

        typeVector = WriteByteVector(codes);
        _builder.StartVector(4, offsets.Length, 4);
        for (var i = offsets.Length - 1; i >= 0; i--)
        {
            if (offsets[i] == 0)
            {
                // NONE: flatc writes a zero offset for it.
                _builder.PutInt(0);
            }
            else
            {
                _builder.AddOffset(offsets[i]);
            }
        }

        return _builder.EndVector().Value;
    }

    private int WriteUnionValue(UnionMemberDefinition member, JsonElement json, string path, FieldDefinition field, int depth)
    {
        var type = member.Type!;
        switch (type.Kind)
        {
            case SchemaTypeKind.Table:
                return WriteTable(type.Table!, json, path, depth + 1);
            case SchemaTypeKind.Struct:
                WriteStruct(type.Struct!, json, path, field);
                return _builder.Offset;
            default:
                return WriteString(json, path, field);
        }
    }

    private static UnionMemberDefinition ParseUnionMember(UnionDefinition union, JsonElement json, string path, FieldDefinition field)
    {
        if (json.ValueKind == JsonValueKind.String)
        {
            var name = json.GetString()!;
            var qualified = union.Name + ".";
            if (name.StartsWith(qualified, StringComparison.Ordinal))
            {
                name = name[qualified.Length..];
            }

            foreach (var member in union.Members)
            {
                if (member.Name == name)
                {
                    return member;
                }
            }

            throw Error(path, FieldName(field), $"the union {union.FullName} has no member '{json.GetString()}' ({UnionNames(union)})");
        }

        if (json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var code))
        {
            foreach (var member in union.Members)
            {
                if (member.Value == code)
                {
                    return member;
                }
            }

            throw Error(path, FieldName(field), $"the union {union.FullName} has no member with type code {code} ({UnionNames(union)})");
        }

        throw Error(path, FieldName(field), $"expected a member name of the union {union.FullName}, found {Describe(json)}");
    }

    private static string UnionNames(UnionDefinition union) => "members: " + string.Join(", ", union.Members.Select(m => m.Name));

    internal static string FieldName(FieldDefinition? field) => field is null ? string.Empty : field.DeclaringType.FullName + "." + field.Name;

    private static string Child(string path, string name) => path + "." + name;

    private static string Index(string path, int index) => path + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    private static string Describe(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "the string " + json.GetRawText(),
        JsonValueKind.Number => "the number " + json.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => json.GetRawText(),
        JsonValueKind.Null => "null",
        _ => json.ValueKind.ToString(),
    };

    private static FlatBufferJsonException Error(string path, string? field, string problem)
    {
        var message = path + ": " + problem + (string.IsNullOrEmpty(field) ? "." : $" (schema field {field}).");
        return new FlatBufferJsonException(message, path, string.IsNullOrEmpty(field) ? null : field);
    }
}
