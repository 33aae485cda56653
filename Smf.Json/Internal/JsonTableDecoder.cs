using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Smf.Compiler.Schema;

namespace Smf.Json.Internal;

/// <summary>
/// Reads a finished FlatBuffer through the schema model and writes it as JSON, checking every read the way the C++
/// <c>flatbuffers::Verifier</c> does: offsets aligned, non-zero, below 2^31 and in bounds, vtables even-sized and
/// inside the buffer, strings NUL-terminated, vector lengths in bounds, required fields present, union types and
/// values consistent, at most 64 nested tables and 1,000,000 tables. A failure throws <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct JsonTableDecoder
{
    private const int MaxDepth = 64;
    private const int MaxTables = 1_000_000;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly Utf8JsonWriter _json;
    private readonly bool _includeDefaults;
    private int _tables;

    public JsonTableDecoder(ReadOnlySpan<byte> buffer, Utf8JsonWriter json, bool includeDefaults)
    {
        _buffer = buffer;
        _json = json;
        _includeDefaults = includeDefaults;
    }

    public void DecodeRoot(TableDefinition table, bool checkIdentifier = true)
    {
        if (_buffer.Length < 12)
        {
            throw Fail($"The buffer has {_buffer.Length} bytes; a finished FlatBuffer has at least 12.");
        }

        var file = table.File;
        if (checkIdentifier && file is not null && ReferenceEquals(file.RootType, table) && file.FileIdentifier is { Length: 4 } identifier
            && !_buffer.Slice(4, 4).SequenceEqual(Encoding.ASCII.GetBytes(identifier)))
        {
            throw Fail($"The buffer does not carry the file identifier \"{identifier}\" of {table.FullName}.");
        }

        var root = FollowOffset(0, "the root table offset");
        WriteTable(table, root, 1);
    }

    private void WriteTable(TableDefinition table, int position, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Fail($"Tables nest deeper than {MaxDepth} at byte {position} ({table.FullName}).");
        }

        if (++_tables > MaxTables)
        {
            throw Fail($"The buffer holds more than {MaxTables} tables.");
        }

        Check(position, 4, 4, $"the table {table.FullName}");
        var vtable = (long)position - BinaryPrimitives.ReadInt32LittleEndian(_buffer[position..]);
        if (vtable < 0 || vtable > _buffer.Length - 4 || (vtable & 1) != 0)
        {
            throw Fail($"The vtable of {table.FullName} at byte {position} points outside the buffer or is misaligned (byte {vtable}).");
        }

        var vtableStart = (int)vtable;
        int vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[vtableStart..]);
        int tableSize = BinaryPrimitives.ReadUInt16LittleEndian(_buffer[(vtableStart + 2)..]);
        if ((vtableSize & 1) != 0 || vtableSize < 4 || vtableStart > _buffer.Length - vtableSize)
        {
            throw Fail($"The vtable of {table.FullName} at byte {vtableStart} has an invalid size {vtableSize}.");
        }

        Check(position, tableSize, 1, $"the inline part of {table.FullName}");
        var reader = new TableReader(vtableStart, vtableSize, position);

        _json.WriteStartObject();
        foreach (var field in table.Fields)
        {
            if (field.IsDeprecated)
            {
                continue;
            }

            var offset = reader.FieldOffset(_buffer, field.Id);
            var name = JsonTableEncoder.FieldName(field);
            if (field.IsRequired && offset == 0)
            {
                throw Fail($"The required field {name} is missing from the table at byte {position}.");
            }

            var at = position + offset;
            switch (field.Type.Kind)
            {
                case SchemaTypeKind.Scalar:
                case SchemaTypeKind.Enum:
                    if (offset != 0)
                    {
                        var size = SchemaType.ScalarSize(field.Type.Scalar);
                        Check(at, size, size, name);
                        _json.WritePropertyName(field.Name);
                        WriteScalar(field.Type, at);
                    }
                    else if ((_includeDefaults || field.IsKey) && !field.IsOptional)
                    {
                        // flatc prints a scalar key even when the buffer leaves it at its default.
                        _json.WritePropertyName(field.Name);
                        WriteDefault(field);
                    }

                    break;
                case SchemaTypeKind.Struct:
                    if (offset != 0)
                    {
                        var definition = field.Type.Struct!;
                        Check(at, definition.Size, definition.Alignment, name);
                        _json.WritePropertyName(field.Name);
                        WriteStruct(definition, at);
                    }

                    break;
                case SchemaTypeKind.String:
                    if (offset != 0)
                    {
                        _json.WritePropertyName(field.Name);
                        WriteString(FollowOffset(at, name), name);
                    }

                    break;
                case SchemaTypeKind.Table:
                    if (offset != 0)
                    {
                        _json.WritePropertyName(field.Name);
                        WriteTable(field.Type.Table!, FollowOffset(at, name), depth + 1);
                    }

                    break;
                case SchemaTypeKind.Union:
                    WriteUnion(field, reader, at, offset, depth);
                    break;
                case SchemaTypeKind.Vector:
                    if (field.Type.ElementType!.Kind == SchemaTypeKind.Union)
                    {
                        WriteUnionVector(field, reader, at, offset, depth);
                    }
                    else if (offset != 0)
                    {
                        _json.WritePropertyName(field.Name);
                        WriteVector(field, FollowOffset(at, name), depth);
                    }

                    break;
            }
        }

        _json.WriteEndObject();
    }

    private void WriteUnion(FieldDefinition field, TableReader reader, int at, int offset, int depth)
    {
        var name = JsonTableEncoder.FieldName(field);
        var typeOffset = reader.FieldOffset(_buffer, field.UnionTypeId);
        byte code = 0;
        if (typeOffset != 0)
        {
            Check(reader.Table + typeOffset, 1, 1, name + "_type");
            code = _buffer[reader.Table + typeOffset];
        }

        if (code == 0)
        {
            return;
        }

        var member = FindMember(field.Type.Union!, code);
        _json.WritePropertyName(field.Name + "_type");
        if (member is null)
        {
            // A type code this schema does not know: the verifier accepts it, and its value cannot be read.
            _json.WriteNumberValue(code);
            return;
        }

        _json.WriteStringValue(member.Name);
        if (offset == 0)
        {
            throw Fail($"The union {name} has type {member.Name} but no value.");
        }

        _json.WritePropertyName(field.Name);
        WriteUnionValue(member, FollowOffset(at, name), name, depth);
    }

    private void WriteUnionVector(FieldDefinition field, TableReader reader, int at, int offset, int depth)
    {
        var name = JsonTableEncoder.FieldName(field);
        var typeOffset = reader.FieldOffset(_buffer, field.UnionTypeId);
        if (typeOffset == 0 && offset == 0)
        {
            return;
        }

        if (typeOffset == 0 || offset == 0)
        {
            throw Fail($"The vector of unions {name} has {(typeOffset == 0 ? "values but no types" : "types but no values")}.");
        }

        var types = FollowOffset(reader.Table + typeOffset, name + "_type");
        var typeCount = VectorLength(types, 1, name + "_type");
        var values = FollowOffset(at, name);
        var valueCount = VectorLength(values, 4, name);
        if (typeCount != valueCount)
        {
            throw Fail($"The vector of unions {name} has {typeCount} types but {valueCount} values.");
        }

        var union = field.Type.ElementType!.Union!;
        _json.WritePropertyName(field.Name + "_type");
        _json.WriteStartArray();
        for (var i = 0; i < typeCount; i++)
        {
            var code = _buffer[types + 4 + i];
            if (FindMember(union, code) is { } member)
            {
                _json.WriteStringValue(member.Name);
            }
            else
            {
                _json.WriteNumberValue(code);
            }
        }

        _json.WriteEndArray();
        _json.WritePropertyName(field.Name);
        _json.WriteStartArray();
        for (var i = 0; i < valueCount; i++)
        {
            var code = _buffer[types + 4 + i];
            var member = FindMember(union, code);
            if (member is null || member.IsNone)
            {
                _json.WriteNullValue();
                continue;
            }

            WriteUnionValue(member, FollowOffset(values + 4 + (4 * i), name), name, depth);
        }

        _json.WriteEndArray();
    }

    private void WriteUnionValue(UnionMemberDefinition member, int target, string name, int depth)
    {
        var type = member.Type!;
        switch (type.Kind)
        {
            case SchemaTypeKind.Table:
                WriteTable(type.Table!, target, depth + 1);
                break;
            case SchemaTypeKind.Struct:
                Check(target, type.Struct!.Size, type.Struct.Alignment, name);
                WriteStruct(type.Struct, target);
                break;
            default:
                WriteString(target, name);
                break;
        }
    }

    private static UnionMemberDefinition? FindMember(UnionDefinition union, byte code)
    {
        foreach (var member in union.Members)
        {
            if (member.Value == code)
            {
                return member;
            }
        }

        return null;
    }

    private void WriteVector(FieldDefinition field, int vector, int depth)
    {
        var name = JsonTableEncoder.FieldName(field);
        var element = field.Type.ElementType!;
        var elementSize = element.Kind switch
        {
            SchemaTypeKind.Scalar or SchemaTypeKind.Enum => SchemaType.ScalarSize(element.Scalar),
            SchemaTypeKind.Struct => element.Struct!.Size,
            _ => 4,
        };
        var count = VectorLength(vector, elementSize, name);
        var first = vector + 4;
        if (field.NestedFlatBuffer is { } nested && count > 0)
        {
            // flatc prints a nested_flatbuffer field as the JSON of the buffer inside it.
            var inner = new JsonTableDecoder(_buffer.Slice(first, count), _json, _includeDefaults);
            inner.DecodeRoot(nested, checkIdentifier: false);   // the C++ verifier checks no identifier inside
            return;
        }

        _json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            var at = first + (i * elementSize);
            switch (element.Kind)
            {
                case SchemaTypeKind.Scalar:
                case SchemaTypeKind.Enum:
                    if (elementSize > 1 && (at & (elementSize - 1)) != 0)
                    {
                        throw Fail($"The element {i} of {name} at byte {at} is not aligned to {elementSize}.");
                    }

                    WriteScalar(element, at);
                    break;
                case SchemaTypeKind.Struct:
                    WriteStruct(element.Struct!, at);
                    break;
                case SchemaTypeKind.String:
                    WriteString(FollowOffset(at, name), name);
                    break;
                case SchemaTypeKind.Table:
                    WriteTable(element.Table!, FollowOffset(at, name), depth + 1);
                    break;
            }
        }

        _json.WriteEndArray();
    }

    private void WriteStruct(StructDefinition definition, int at)
    {
        _json.WriteStartObject();
        foreach (var field in definition.Fields)
        {
            _json.WritePropertyName(field.Name);
            var position = at + field.Offset;
            if (field.Type.Kind == SchemaTypeKind.Array)
            {
                var element = field.Type.ElementType!;
                _json.WriteStartArray();
                for (var i = 0; i < field.Type.ArrayLength; i++)
                {
                    WriteInline(element, position + (i * element.InlineSize));
                }

                _json.WriteEndArray();
            }
            else
            {
                WriteInline(field.Type, position);
            }
        }

        _json.WriteEndObject();
    }

    private void WriteInline(SchemaType type, int at)
    {
        if (type.Kind == SchemaTypeKind.Struct)
        {
            WriteStruct(type.Struct!, at);
        }
        else
        {
            WriteScalar(type, at);
        }
    }

    private void WriteString(int position, string name)
    {
        var length = VectorLength(position, 1, name);
        var end = position + 4 + length;
        if (end >= _buffer.Length || _buffer[end] != 0)
        {
            throw Fail($"The string {name} at byte {position} is not NUL-terminated.");
        }

        _json.WriteStringValue(Encoding.UTF8.GetString(_buffer.Slice(position + 4, length)));
    }

    private void WriteScalar(SchemaType type, int at)
    {
        var bits = ReadBits(type.Scalar, at);
        switch (type.Scalar)
        {
            case ScalarKind.Bool:
                _json.WriteBooleanValue(bits != 0);
                return;
            case ScalarKind.Float:
                WriteFloat(BitConverter.Int32BitsToSingle((int)bits));
                return;
            case ScalarKind.Double:
                WriteFloat(BitConverter.Int64BitsToDouble(bits));
                return;
        }

        if (type.Kind == SchemaTypeKind.Enum && EnumText(type.Enum!, bits) is { } text)
        {
            _json.WriteStringValue(text);
        }
        else if (type.Scalar == ScalarKind.ULong)
        {
            _json.WriteNumberValue(unchecked((ulong)bits));
        }
        else
        {
            _json.WriteNumberValue(bits);
        }
    }

    private void WriteFloat(double value)
    {
        if (double.IsFinite(value))
        {
            _json.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity; flatc prints them as bare words, which strict JSON readers reject.
            _json.WriteStringValue(double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf");
        }
    }

    private void WriteFloat(float value)
    {
        if (float.IsFinite(value))
        {
            _json.WriteNumberValue(value);
        }
        else
        {
            WriteFloat((double)value);
        }
    }

    private void WriteDefault(FieldDefinition field)
    {
        var fallback = field.Default;
        switch (field.Type.Scalar)
        {
            case ScalarKind.Bool:
                _json.WriteBooleanValue(fallback.Kind == DefaultValueKind.Bool ? fallback.Bool : fallback.IntegerBits != 0);
                return;
            case ScalarKind.Float:
            case ScalarKind.Double:
                WriteFloat(fallback.Kind == DefaultValueKind.Float ? fallback.Float : fallback.IntegerBits);
                return;
        }

        if (field.Type.Kind == SchemaTypeKind.Enum && EnumText(field.Type.Enum!, fallback.IntegerBits) is { } text)
        {
            _json.WriteStringValue(text);
        }
        else if (field.Type.Scalar == ScalarKind.ULong)
        {
            _json.WriteNumberValue(fallback.UnsignedInteger);
        }
        else
        {
            _json.WriteNumberValue(fallback.IntegerBits);
        }
    }

    /// <summary>The value's name, the space-separated names of a bit-flags combination, or null when no names cover it (then flatc prints the number).</summary>
    internal static string? EnumText(EnumDefinition definition, long bits)
    {
        foreach (var value in definition.Values)
        {
            if (value.Value == bits)
            {
                return value.Name;
            }
        }

        if (!definition.IsBitFlags || bits == 0)
        {
            return null;
        }

        var names = new List<string>();
        var covered = 0L;
        foreach (var value in definition.Values)
        {
            if (value.Value != 0 && (bits & value.Value) == value.Value)
            {
                names.Add(value.Name);
                covered |= value.Value;
            }
        }

        return covered == bits ? string.Join(" ", names) : null;
    }

    private readonly long ReadBits(ScalarKind kind, int at) => kind switch
    {
        ScalarKind.Bool or ScalarKind.UByte => _buffer[at],
        ScalarKind.Byte => (sbyte)_buffer[at],
        ScalarKind.Short => BinaryPrimitives.ReadInt16LittleEndian(_buffer[at..]),
        ScalarKind.UShort => BinaryPrimitives.ReadUInt16LittleEndian(_buffer[at..]),
        ScalarKind.Int or ScalarKind.Float => BinaryPrimitives.ReadInt32LittleEndian(_buffer[at..]),
        ScalarKind.UInt => BinaryPrimitives.ReadUInt32LittleEndian(_buffer[at..]),
        _ => BinaryPrimitives.ReadInt64LittleEndian(_buffer[at..]),
    };

    /// <summary>Reads the uoffset at <paramref name="at"/> and returns the position it points to, checked.</summary>
    private readonly int FollowOffset(int at, string what)
    {
        Check(at, 4, 4, what);
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[at..]);
        if (offset == 0 || offset >= int.MaxValue || at + (long)offset >= _buffer.Length)
        {
            throw Fail($"The offset of {what} at byte {at} ({offset}) points outside the buffer.");
        }

        return at + (int)offset;
    }

    /// <summary>Checks a vector (or string) header at <paramref name="position"/> and returns its element count.</summary>
    private readonly int VectorLength(int position, int elementSize, string what)
    {
        Check(position, 4, 4, what);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(_buffer[position..]);
        if (count > (uint)(_buffer.Length - position - 4) / (uint)elementSize)
        {
            throw Fail($"The vector {what} at byte {position} claims {count} elements, more than the buffer holds.");
        }

        return (int)count;
    }

    private readonly void Check(long position, int size, int alignment, string what)
    {
        if (position < 0 || size < 0 || position > _buffer.Length - size)
        {
            throw Fail($"{Capitalize(what)} at byte {position} ({size} bytes) is outside the {_buffer.Length}-byte buffer.");
        }

        if (alignment > 1 && (position & (alignment - 1)) != 0)
        {
            throw Fail($"{Capitalize(what)} at byte {position} is not aligned to {alignment}.");
        }
    }

    private static string Capitalize(string text) => text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    private static InvalidDataException Fail(string message) => new(message);

    /// <summary>The vtable of one table: where each field's offset is found.</summary>
    private readonly struct TableReader(int vtable, int vtableSize, int table)
    {
        public int Table { get; } = table;

        public int FieldOffset(ReadOnlySpan<byte> buffer, int slot)
        {
            var entry = 4 + (2 * slot);
            return slot >= 0 && entry + 2 <= vtableSize ? BinaryPrimitives.ReadUInt16LittleEndian(buffer[(vtable + entry)..]) : 0;
        }
    }
}
