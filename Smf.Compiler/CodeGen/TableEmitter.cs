using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>Emits the accessor struct of a table: reading, building, verifying and the object-API conversions.</summary>
internal sealed partial class TableEmitter
{
    private readonly CSharpUnit _unit;
    private readonly CSharpTypeMap _types;
    private readonly CodeWriter _w;
    private readonly TableDefinition _table;
    private readonly MemberNames _names;
    private readonly string _name;
    private readonly string _qualified;
    private readonly string? _identifier;
    private readonly VerifierEmitter _verifier;

    public TableEmitter(CSharpUnit unit, CodeWriter writer, TableDefinition table, VerifierEmitter verifier)
    {
        _unit = unit;
        _types = unit.Types;
        _w = writer;
        _table = table;
        _names = _types.Members(table);
        _name = _types.Name(table);
        _qualified = _types.Qualified(table);
        _identifier = CSharpUnit.IdentifierOf(table);
        _verifier = verifier;
    }

    private List<FieldDefinition> Fields
    {
        get
        {
            var fields = new List<FieldDefinition>();
            foreach (var candidate in _table.Fields)
            {
                if (!candidate.IsDeprecated)
                {
                    fields.Add(candidate);
                }
            }

            return fields;
        }
    }

    private static string Present(int vtableOffset) =>
        FieldCode.Support + ".Field(__p.bb, __p.bb_pos, " + CSharpNames.Int(vtableOffset) + ")";

    public void Emit()
    {
        _w.Summary(_table.Documentation, "The zero-copy accessor of the table " + _table.FullName + ".");
        using (_w.Block(_unit.Modifier + " partial struct " + _name + " : " + CSharpNames.Runtime + "IFlatbufferObject"))
        {
            EmitPreamble();
            foreach (var field in Fields)
            {
                EmitAccessors(field);
            }

            EmitBuilder();
            EmitVerify();
            EmitObjectConversions();
        }

        _w.Line();
        EmitObjectClass();
    }

    private void EmitPreamble()
    {
        _w.Line("private " + CSharpNames.Runtime + "Table __p;");
        _w.Line();
        if (_identifier is not null)
        {
            _w.Summary("The file identifier of " + _table.Name + " buffers.");
            _w.Line("public const string FileIdentifier = " + CSharpNames.StringLiteral(_identifier) + ";");
            _w.Line();
        }

        _w.Summary("The buffer this accessor reads.");
        _w.Line(_name == "ByteBuffer"
                ? FieldCode.ByteBuffer + " " + CSharpNames.Runtime + "IFlatbufferObject.ByteBuffer => __p.bb;"
                : "public " + FieldCode.ByteBuffer + " ByteBuffer => __p.bb;");
        _w.Line();
        _w.Summary("Fails to compile against a Google.FlatBuffers runtime other than 25.2.10.");
        _w.Line("public static void ValidateVersion() => " + CSharpNames.Runtime + "FlatBufferConstants.FLATBUFFERS_25_2_10();");
        _w.Line();
        _w.Summary("Reads the root table of a finished buffer (from its current position).");
        _w.Line("public static " + _name + " GetRootAs" + _table.Name + "(" + FieldCode.ByteBuffer + " _bb) => GetRootAs" + _table.Name + "(_bb, new " + _name + "());");
        _w.Line();
        _w.Summary("Reads the root table of a finished buffer into an existing accessor.");
        _w.Line("public static " + _name + " GetRootAs" + _table.Name + "(" + FieldCode.ByteBuffer + " _bb, " + _name + " obj) => obj.__assign(_bb.GetInt(_bb.Position) + _bb.Position, _bb);");
        _w.Line();
        _w.Summary("Reads the root table of a size-prefixed buffer.");
        _w.Line("public static " + _name + " GetSizePrefixedRootAs" + _table.Name + "(" + FieldCode.ByteBuffer + " _bb) => new " + _name + "().__assign(_bb.GetInt(_bb.Position + 4) + _bb.Position + 4, _bb);");
        _w.Line();
        if (_identifier is not null)
        {
            _w.Summary("True when the buffer carries the file identifier " + CodeWriter.EscapeXml(_identifier) + ".");
            _w.Line("public static bool " + _table.Name + "BufferHasIdentifier(" + FieldCode.ByteBuffer + " _bb) => " + CSharpNames.Runtime + "Table.__has_identifier(_bb, FileIdentifier);");
            _w.Line();
        }

        _w.Summary("Points this accessor at the table at <paramref name=\"_i\"/> in <paramref name=\"_bb\"/>.");
        _w.Line("/// <param name=\"_i\">The absolute position of the table.</param>");
        _w.Line("/// <param name=\"_bb\">The buffer.</param>");
        _w.Line("public void __init(int _i, " + FieldCode.ByteBuffer + " _bb) { __p = new " + CSharpNames.Runtime + "Table(_i, _bb); }");
        _w.Line();
        _w.Summary("Points this accessor at a table and returns it.");
        _w.Line("/// <param name=\"_i\">The absolute position of the table.</param>");
        _w.Line("/// <param name=\"_bb\">The buffer.</param>");
        _w.Line("/// <returns>This accessor.</returns>");
        _w.Line("public " + _name + " __assign(int _i, " + FieldCode.ByteBuffer + " _bb) { __init(_i, _bb); return this; }");
        _w.Line();
    }

    private void EmitAccessors(FieldDefinition field)
    {
        var name = _names[field];
        var type = field.Type;
        var vt = field.VTableOffset;
        var present = Present(vt);
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            {
                var valueType = _types.Value(type);
                var read = FieldCode.ReadValue(_types, type, "__p.bb", "o + __p.bb_pos");
                _w.Summary(field.Documentation, "The field " + field.Name + ".");
                if (field.IsOptional)
                {
                    _w.Line("public " + valueType + "? " + name + " { get { int o = " + present + "; return o != 0 ? " + read + " : null; } }");
                }
                else
                {
                    _w.Line("public " + valueType + " " + name + " { get { int o = " + present + "; return o != 0 ? " + read + " : " + FieldCode.Default(_types, field) + "; } }");
                }

                break;
            }

            case SchemaTypeKind.String:
                _w.Summary(field.Documentation, "The field " + field.Name + ", or null when absent.");
                _w.Line("public string? " + name + " { get { int o = " + present + "; return o != 0 ? __p.__string(o + __p.bb_pos) : null; } }");
                _w.Line();
                _w.Summary("The UTF-8 bytes of " + field.Name + " without copying (empty when absent).");
                _w.Line("/// <returns>A span over the buffer.</returns>");
                _w.Line("public global::System.ReadOnlySpan<byte> Get" + name + "Bytes() { int o = " + present + "; return o != 0 ? " + FieldCode.Support + ".StringBytes(__p.bb, o + __p.bb_pos) : default; }");
                break;
            case SchemaTypeKind.Table:
            {
                var target = _types.Qualified(type.Table!);
                _w.Summary(field.Documentation, "The field " + field.Name + ", or null when absent.");
                _w.Line("public " + target + "? " + name + " { get { int o = " + present + "; return o != 0 ? (" + target + "?)new " + target + "().__assign(__p.__indirect(o + __p.bb_pos), __p.bb) : null; } }");
                break;
            }

            case SchemaTypeKind.Struct:
            {
                var target = _types.Qualified(type.Struct!);
                _w.Summary(field.Documentation, "The field " + field.Name + ", or null when absent.");
                _w.Line("public " + target + "? " + name + " { get { int o = " + present + "; return o != 0 ? (" + target + "?)new " + target + "().__assign(o + __p.bb_pos, __p.bb) : null; } }");
                break;
            }

            case SchemaTypeKind.Union:
                EmitUnionAccessors(field, name, type.Union!, vt, false);
                break;
            case SchemaTypeKind.Vector:
                EmitVectorAccessors(field, name, type.ElementType!, vt);
                break;
            default:
                throw new InvalidOperationException("The table field '" + field.Name + "' has the type '" + type + "', which a table cannot hold.");
        }

        _w.Line();
    }

    private void EmitUnionAccessors(FieldDefinition field, string name, UnionDefinition union, int vt, bool vector)
    {
        var unionType = _types.Qualified(union);
        var flatObject = CSharpNames.Runtime + "IFlatbufferObject";
        var present = Present(vt);
        var typePresent = Present(vt - 2);
        var index = vector ? "int j" : string.Empty;
        var position = vector ? "__p.__vector(o) + j * 4" : "o + __p.bb_pos";
        _w.Summary("The type of the union " + field.Name + (vector ? " at index j" : string.Empty) + " (NONE when absent).");
        if (vector)
        {
            _w.Line("/// <param name=\"j\">The element index.</param>");
            _w.Line("/// <returns>The type code.</returns>");
            _w.Line("public " + unionType + " " + name + "Type(int j) { int o = " + typePresent + "; return o != 0 ? (" + unionType + ")__p.bb.Get(__p.__vector(o) + j) : " + unionType + ".NONE; }");
            _w.Line();
            _w.Summary("The number of elements of the type vector of " + field.Name + ".");
            _w.Line("public int " + name + "TypeLength { get { int o = " + typePresent + "; return o != 0 ? __p.__vector_len(o) : 0; } }");
        }
        else
        {
            _w.Line("public " + unionType + " " + name + "Type { get { int o = " + typePresent + "; return o != 0 ? (" + unionType + ")__p.bb.Get(o + __p.bb_pos) : " + unionType + ".NONE; } }");
        }

        _w.Line();
        _w.Summary(field.Documentation, "The union " + field.Name + " read as the table or struct accessor <typeparamref name=\"TTable\"/>, or null when absent.");
        _w.Line("/// <typeparam name=\"TTable\">The accessor type matching the union type.</typeparam>");
        if (vector)
        {
            _w.Line("/// <param name=\"j\">The element index.</param>");
        }

        _w.Line("/// <returns>The accessor, or null.</returns>");
        _w.Line("public TTable? " + name + "<TTable>(" + index + ") where TTable : struct, " + flatObject + " { int o = " + present + "; return o != 0 ? (TTable?)__p.__union<TTable>(" + position + ") : null; }");
        foreach (var member in union.Members)
        {
            if (member.IsNone)
            {
                continue;
            }

            var accessor = name + "As" + CSharpNames.Pascal(member.Name);
            var memberType = member.Type!;
            _w.Line();
            _w.Summary("The union " + field.Name + " read as " + member.Name + " (check the type first), or null when absent.");
            if (vector)
            {
                _w.Line("/// <param name=\"j\">The element index.</param>");
            }

            _w.Line("/// <returns>The value, or null.</returns>");
            switch (memberType.Kind)
            {
                case SchemaTypeKind.String:
                    _w.Line("public string? " + accessor + "(" + index + ") { int o = " + present + "; return o != 0 ? __p.__string(" + position + ") : null; }");
                    break;
                default:
                    var target = _types.Qualified(memberType.Definition!);
                    _w.Line("public " + target + "? " + accessor + "(" + index + ") { int o = " + present + "; return o != 0 ? (" + target + "?)new " + target + "().__assign(__p.__indirect(" + position + "), __p.bb) : null; }");
                    break;
            }
        }
    }

    private void EmitVectorAccessors(FieldDefinition field, string name, SchemaType element, int vt)
    {
        var present = Present(vt);
        var size = FieldCode.ElementSize(element);
        var at = "__p.__vector(o) + j * " + CSharpNames.Int(size);
        _w.Summary("The number of elements of " + field.Name + " (0 when absent).");
        _w.Line("public int " + name + "Length { get { int o = " + present + "; return o != 0 ? __p.__vector_len(o) : 0; } }");
        _w.Line();
        switch (element.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            {
                var valueType = _types.Value(element);
                _w.Summary(field.Documentation, "The element j of " + field.Name + ".");
                _w.Line("/// <param name=\"j\">The element index.</param>");
                _w.Line("/// <returns>The element, or the type's default when the vector is absent.</returns>");
                _w.Line("public " + valueType + " " + name + "(int j) { int o = " + present + "; return o != 0 ? " + FieldCode.ReadValue(_types, element, "__p.bb", at) + " : default(" + valueType + "); }");
                _w.Line();
                EmitBytes(field, name, present, size);
                _w.Summary("Copies " + field.Name + " into a new array (null when absent).");
                _w.Line("/// <returns>The elements, or null.</returns>");
                using (_w.Block("public " + valueType + "[]? Get" + name + "Array()"))
                {
                    _w.Line("int o = " + present + ";");
                    _w.Line("if (o == 0) { return null; }");
                    _w.Line("var result = new " + valueType + "[__p.__vector_len(o)];");
                    _w.Line("for (int j = 0; j < result.Length; j++) { result[j] = " + FieldCode.ReadValue(_types, element, "__p.bb", at) + "; }");
                    _w.Line("return result;");
                }

                if (field.NestedFlatBuffer is { } nested)
                {
                    var root = _types.Qualified(nested);
                    _w.Line();
                    _w.Summary("The nested flatbuffer in " + field.Name + " read as its root table " + nested.FullName + ", or null when absent.");
                    _w.Line("/// <returns>The root accessor of the nested buffer, or null.</returns>");
                    _w.Line("public " + root + "? Get" + name + "As" + nested.Name + "() { int o = " + present + "; return o != 0 ? (" + root + "?)new " + root + "().__assign(__p.__indirect(__p.__vector(o)), __p.bb) : null; }");
                }

                break;
            }

            case SchemaTypeKind.String:
                _w.Summary(field.Documentation, "The element j of " + field.Name + ".");
                _w.Line("/// <param name=\"j\">The element index.</param>");
                _w.Line("/// <returns>The string, or null when the vector is absent.</returns>");
                _w.Line("public string? " + name + "(int j) { int o = " + present + "; return o != 0 ? __p.__string(" + at + ") : null; }");
                break;
            case SchemaTypeKind.Table:
            {
                var target = _types.Qualified(element.Table!);
                _w.Summary(field.Documentation, "The element j of " + field.Name + ".");
                _w.Line("/// <param name=\"j\">The element index.</param>");
                _w.Line("/// <returns>The accessor, or null when the vector is absent.</returns>");
                _w.Line("public " + target + "? " + name + "(int j) { int o = " + present + "; return o != 0 ? (" + target + "?)new " + target + "().__assign(__p.__indirect(" + at + "), __p.bb) : null; }");
                if (element.Table!.KeyField is { } key)
                {
                    _w.Line();
                    EmitLookupByKey(field, name, element.Table!, key, present);
                }

                break;
            }

            case SchemaTypeKind.Struct:
            {
                var target = _types.Qualified(element.Struct!);
                _w.Summary(field.Documentation, "The element j of " + field.Name + ".");
                _w.Line("/// <param name=\"j\">The element index.</param>");
                _w.Line("/// <returns>The accessor, or null when the vector is absent.</returns>");
                _w.Line("public " + target + "? " + name + "(int j) { int o = " + present + "; return o != 0 ? (" + target + "?)new " + target + "().__assign(" + at + ", __p.bb) : null; }");
                _w.Line();
                EmitBytes(field, name, present, size);
                break;
            }

            case SchemaTypeKind.Union:
                EmitUnionAccessors(field, name, element.Union!, vt, true);
                break;
            default:
                throw new InvalidOperationException("The vector field '" + field.Name + "' has the element type '" + element + "', which is not supported.");
        }
    }

    private void EmitBytes(FieldDefinition field, string name, string present, int size)
    {
        _w.Summary("The raw little-endian bytes of " + field.Name + " without copying (empty when absent).");
        _w.Line("/// <returns>A span over the buffer.</returns>");
        _w.Line("public global::System.ReadOnlySpan<byte> Get" + name + "Bytes() { int o = " + present + "; return o != 0 ? " + FieldCode.Support + ".Bytes(__p.bb, __p.__vector(o), __p.__vector_len(o) * " + CSharpNames.Int(size) + ") : default; }");
        _w.Line();
    }

    private void EmitLookupByKey(FieldDefinition field, string name, TableDefinition element, FieldDefinition key, string present)
    {
        var target = _types.Qualified(element);
        var isString = key.Type.Kind == SchemaTypeKind.String;
        var keyType = isString ? "global::System.ReadOnlySpan<byte>" : _types.Value(key.Type);
        _w.Summary("Finds the element of " + field.Name + " whose key " + key.Name + " equals <paramref name=\"key\"/> by binary search (the vector must be sorted by key).");
        _w.Line("/// <param name=\"key\">The key" + (isString ? " as UTF-8 bytes" : string.Empty) + ".</param>");
        _w.Line("/// <returns>The element, or null when there is none.</returns>");
        using (_w.Block("public " + target + "? " + name + "ByKey(" + keyType + " key)"))
        {
            _w.Line("int o = " + present + ";");
            _w.Line("if (o == 0) { return null; }");
            _w.Line("int vector = __p.__vector(o);");
            _w.Line("int span = __p.__vector_len(o);");
            _w.Line("int start = 0;");
            using (_w.Block("while (span != 0)"))
            {
                _w.Line("int middle = span / 2;");
                _w.Line("int table = __p.__indirect(vector + ((start + middle) * 4));");
                _w.Line("int comparison = " + target + ".CompareKey(__p.bb, table, key);");
                _w.Line("if (comparison == 0) { return new " + target + "().__assign(table, __p.bb); }");
                _w.Line("if (comparison > 0) { span = middle; }");
                _w.Line("else { middle++; start += middle; span -= middle; }");
            }

            _w.Line("return null;");
        }

        if (isString)
        {
            _w.Line();
            _w.Summary("Finds the element of " + field.Name + " whose key " + key.Name + " equals <paramref name=\"key\"/> by binary search (the vector must be sorted by key).");
            _w.Line("/// <param name=\"key\">The key.</param>");
            _w.Line("/// <returns>The element, or null when there is none.</returns>");
            _w.Line("public " + target + "? " + name + "ByKey(string key) => " + name + "ByKey(" + FieldCode.Support + ".Utf8(key));");
        }
    }
}
