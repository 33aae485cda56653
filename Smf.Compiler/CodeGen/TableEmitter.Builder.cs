using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <content>Builder statics: start/add/end, CreateX, vector creators, key ordering and Finish.</content>
internal sealed partial class TableEmitter
{
    private void EmitBuilder()
    {
        var builder = FieldCode.Builder;
        _w.Summary("Starts building a " + _table.Name + " table.");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("public static void Start" + _table.Name + "(" + builder + " builder) { builder.StartTable(" + CSharpNames.Int(_table.SlotCount) + "); }");
        _w.Line();
        foreach (var field in Fields)
        {
            EmitAdd(field);
            if (field.Type.Kind == SchemaTypeKind.Vector)
            {
                EmitVectorCreators(field);
            }
        }

        _w.Summary("Ends the table" + (HasRequired() ? " and checks that the required fields are set" : string.Empty) + ".");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <returns>The offset of the table.</returns>");
        if (HasRequired())
        {
            _w.Line("/// <exception cref=\"global::System.InvalidOperationException\">A required field is missing.</exception>");
        }

        using (_w.Block("public static " + FieldCode.Offset(_qualified) + " End" + _table.Name + "(" + builder + " builder)"))
        {
            _w.Line("int o = builder.EndTable();");
            foreach (var field in Fields)
            {
                if (FieldCode.IsRequired(field))
                {
                    _w.Line(FieldCode.Support + ".Required(builder, o, " + CSharpNames.Int(field.VTableOffset) + ", " + CSharpNames.StringLiteral(_table.FullName + "." + field.Name) + ");");
                }
            }

            _w.Line("return new " + FieldCode.Offset(_qualified) + "(o);");
        }

        _w.Line();
        EmitCreate();
        EmitFinish();
        if (_table.KeyField is { } key)
        {
            EmitKeyOrdering(key);
        }
    }

    private bool HasRequired()
    {
        foreach (var field in Fields)
        {
            if (FieldCode.IsRequired(field))
            {
                return true;
            }
        }

        return false;
    }

    // A NaN default whose bits are not double.NaN's (the schema's 'nan' is C's NAN, sign bit clear) has no C# constant.
    private static bool IsNonConstantDefault(FieldDefinition field) =>
        !field.IsOptional && FieldCode.IsNaNDefault(field)
        && CSharpNames.NaNBits(field.Type.Scalar, field.Default.Float) != CSharpNames.NaNBits(field.Type.Scalar, double.NaN);

    private void EmitAdd(FieldDefinition field)
    {
        var name = _names[field];
        var type = field.Type;
        var id = CSharpNames.Int(field.Id);
        var head = "public static void Add" + name + "(" + FieldCode.Builder + " builder, ";
        _w.Summary("Adds the field " + field.Name + " to the table being built.");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <param name=\"value\">The value" + (type.IsScalar && !field.IsOptional ? " (not written when it equals the default)" : string.Empty) + ".</param>");
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            {
                var accessor = CSharpNames.Accessor(type.Scalar);
                var valueType = _types.Value(type);
                if (field.IsOptional)
                {
                    var cast = type.Kind == SchemaTypeKind.Enum ? "(" + CSharpNames.Scalar(type.Scalar) + "?)" : string.Empty;
                    _w.Line(head + valueType + "? value) { builder.Add" + accessor + "(" + id + ", " + cast + "value); }");
                }
                else if (FieldCode.IsNaNDefault(field))
                {
                    var scalar = CSharpNames.Scalar(type.Scalar);
                    // Bit patterns, not ==: every other NaN (another sign or payload) is a value and is written.
                    _w.Line(head + valueType + " value) { if (builder.ForceDefaults || " + FieldCode.DiffersFromNaNDefault(field, "value") + ") { builder.Add" + accessor + "(" + id + ", (" + scalar + "?)value); } }");
                }
                else
                {
                    _w.Line(head + valueType + " value) { builder.Add" + accessor + "(" + id + ", " + FieldCode.ToScalar(type, "value") + ", " + FieldCode.DefaultScalar(_types, field) + "); }");
                }

                break;
            }

            case SchemaTypeKind.String:
                _w.Line(head + FieldCode.StringOffset + " value) { builder.AddOffset(" + id + ", value.Value, 0); }");
                break;
            case SchemaTypeKind.Vector:
                _w.Line(head + FieldCode.VectorOffset + " value) { builder.AddOffset(" + id + ", value.Value, 0); }");
                if (type.ElementType!.Kind == SchemaTypeKind.Union)
                {
                    _w.Line();
                    _w.Summary("Adds the type vector of the union vector " + field.Name + ".");
                    _w.Line("/// <param name=\"builder\">The builder.</param>");
                    _w.Line("/// <param name=\"value\">The vector of type codes.</param>");
                    _w.Line("public static void Add" + name + "Type(" + FieldCode.Builder + " builder, " + FieldCode.VectorOffset + " value) { builder.AddOffset(" + CSharpNames.Int(field.UnionTypeId) + ", value.Value, 0); }");
                }

                break;
            case SchemaTypeKind.Table:
                _w.Line(head + FieldCode.Offset(_types.Qualified(type.Table!)) + " value) { builder.AddOffset(" + id + ", value.Value, 0); }");
                break;
            case SchemaTypeKind.Struct:
                _w.Line("/// <remarks>Create the struct right before this call: structs are stored inline.</remarks>");
                _w.Line(head + FieldCode.Offset(_types.Qualified(type.Struct!)) + " value) { builder.AddStruct(" + id + ", value.Value, 0); }");
                break;
            case SchemaTypeKind.Union:
                _w.Line(head + "int value) { builder.AddOffset(" + id + ", value, 0); }");
                _w.Line();
                _w.Summary("Adds the type of the union " + field.Name + ".");
                _w.Line("/// <param name=\"builder\">The builder.</param>");
                _w.Line("/// <param name=\"value\">The type code.</param>");
                _w.Line("public static void Add" + name + "Type(" + FieldCode.Builder + " builder, " + _types.Qualified(type.Union!) + " value) { builder.AddByte(" + CSharpNames.Int(field.UnionTypeId) + ", (byte)value, 0); }");
                break;
        }

        _w.Line();
    }

    private void EmitVectorCreators(FieldDefinition field)
    {
        var name = _names[field];
        var element = field.Type.ElementType!;
        var size = CSharpNames.Int(FieldCode.ElementSize(element));
        var align = CSharpNames.Int(FieldCode.ElementAlignment(element));
        var builder = FieldCode.Builder;
        void Doc(string what)
        {
            _w.Summary("Creates the vector " + field.Name + what + ".");
            _w.Line("/// <param name=\"builder\">The builder.</param>");
            _w.Line("/// <param name=\"data\">The elements.</param>");
            _w.Line("/// <returns>The vector offset.</returns>");
        }

        switch (element.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            {
                var valueType = _types.Value(element);
                var blockCopy = element.Kind == SchemaTypeKind.Scalar && element.Scalar != ScalarKind.Bool;
                Doc(string.Empty);
                using (_w.Block("public static " + FieldCode.VectorOffset + " Create" + name + "Vector(" + builder + " builder, " + valueType + "[] data)"))
                {
                    _w.Line("builder.StartVector(" + size + ", data.Length, " + align + ");");
                    if (blockCopy)
                    {
                        _w.Line("if (data.Length > 0) { builder.Add(data); }");
                    }
                    else
                    {
                        _w.Line("for (int i = data.Length - 1; i >= 0; i--) { builder.Add" + CSharpNames.Accessor(element.Scalar) + "(" + FieldCode.ToScalar(element, "data[i]") + "); }");
                    }

                    _w.Line("return builder.EndVector();");
                }

                _w.Line();
                if (element.Kind == SchemaTypeKind.Scalar && (element.Scalar == ScalarKind.UByte))
                {
                    Doc(" from a span");
                    using (_w.Block("public static " + FieldCode.VectorOffset + " Create" + name + "Vector(" + builder + " builder, global::System.ReadOnlySpan<byte> data)"))
                    {
                        _w.Line("builder.StartVector(1, data.Length, 1);");
                        _w.Line(FieldCode.Support + ".PutBytes(builder, data);");
                        _w.Line("return builder.EndVector();");
                    }

                    _w.Line();
                }

                Doc(" with one block copy" + (blockCopy ? string.Empty : " (elements written one by one for this type)"));
                using (_w.Block("public static " + FieldCode.VectorOffset + " Create" + name + "VectorBlock(" + builder + " builder, " + valueType + "[] data)"))
                {
                    _w.Line("return Create" + name + "Vector(builder, data);");
                }

                break;
            }

            case SchemaTypeKind.String:
                Doc(string.Empty);
                EmitOffsetVector(name, FieldCode.StringOffset);
                break;
            case SchemaTypeKind.Table:
                Doc(" (in the given order; see CreateSortedVectorOf for keyed tables)");
                EmitOffsetVector(name, FieldCode.Offset(_types.Qualified(element.Table!)));
                break;
            case SchemaTypeKind.Union:
                Doc(" (the value offsets)");
                EmitOffsetVector(name, "int");
                _w.Line();
                var unionType = _types.Qualified(element.Union!);
                _w.Summary("Creates the type vector of the union vector " + field.Name + ".");
                _w.Line("/// <param name=\"builder\">The builder.</param>");
                _w.Line("/// <param name=\"data\">The type codes.</param>");
                _w.Line("/// <returns>The vector offset.</returns>");
                using (_w.Block("public static " + FieldCode.VectorOffset + " Create" + name + "TypeVector(" + builder + " builder, " + unionType + "[] data)"))
                {
                    _w.Line("builder.StartVector(1, data.Length, 1);");
                    _w.Line("for (int i = data.Length - 1; i >= 0; i--) { builder.AddByte((byte)data[i]); }");
                    _w.Line("return builder.EndVector();");
                }

                _w.Line();
                _w.Summary("Starts the type vector of the union vector " + field.Name + "; add the elements in reverse order.");
                _w.Line("/// <param name=\"builder\">The builder.</param>");
                _w.Line("/// <param name=\"numElems\">The number of elements.</param>");
                _w.Line("public static void Start" + name + "TypeVector(" + builder + " builder, int numElems) { builder.StartVector(1, numElems, 1); }");
                break;
            case SchemaTypeKind.Struct:
            {
                var structType = element.Struct!;
                Doc(" from object-API structs");
                using (_w.Block("public static " + FieldCode.VectorOffset + " Create" + name + "Vector(" + builder + " builder, " + _types.QualifiedObject(structType) + "[] data)"))
                {
                    _w.Line("builder.StartVector(" + size + ", data.Length, " + align + ");");
                    _w.Line("for (int i = data.Length - 1; i >= 0; i--) { " + _types.Qualified(structType) + ".Pack(builder, data[i]); }");
                    _w.Line("return builder.EndVector();");
                }

                break;
            }
        }

        _w.Line();
        _w.Summary("Starts the vector " + field.Name + "; add the elements in reverse order, then call EndVector.");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <param name=\"numElems\">The number of elements.</param>");
        _w.Line("public static void Start" + name + "Vector(" + builder + " builder, int numElems) { builder.StartVector(" + size + ", numElems, " + align + "); }");
        _w.Line();
    }

    private void EmitOffsetVector(string name, string elementType)
    {
        var value = elementType == "int" ? "data[i]" : "data[i].Value";
        using (_w.Block("public static " + FieldCode.VectorOffset + " Create" + name + "Vector(" + FieldCode.Builder + " builder, " + elementType + "[] data)"))
        {
            _w.Line("builder.StartVector(4, data.Length, 4);");
            _w.Line("for (int i = data.Length - 1; i >= 0; i--) { builder.AddOffset(" + value + "); }");
            _w.Line("return builder.EndVector();");
        }
    }

    private List<FieldDefinition> SizeOrder()
    {
        var fields = new List<FieldDefinition>(Fields);
        var order = new Dictionary<FieldDefinition, int>();
        for (var i = 0; i < fields.Count; i++)
        {
            order[fields[i]] = i;
        }

        fields.Sort((a, b) =>
        {
            var bySize = AddAlignment(b).CompareTo(AddAlignment(a));
            return bySize != 0 ? bySize : order[a].CompareTo(order[b]);
        });
        return fields;
    }

    private static int AddAlignment(FieldDefinition field) => field.Type.Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => SchemaType.ScalarSize(field.Type.Scalar),
        SchemaTypeKind.Struct => field.Type.Struct!.Alignment,
        _ => 4,
    };

    private void EmitCreate()
    {
        var parameters = new List<string>();
        var docs = new List<string>();
        var argument = new Dictionary<FieldDefinition, string>();
        var used = new HashSet<string>(StringComparer.Ordinal) { "builder" };
        string Unique(string candidate)
        {
            while (!used.Add(candidate))
            {
                candidate += "_";
            }

            return candidate;
        }

        foreach (var field in Fields)
        {
            var type = field.Type;
            var camel = CSharpNames.Camel(field.Name);
            string parameter;
            switch (type.Kind)
            {
                case SchemaTypeKind.Scalar:
                case SchemaTypeKind.Enum:
                    parameter = Unique(camel);
                    // A NaN default other than double.NaN is no C# constant: null stands for the default there.
                    parameters.Add(field.IsOptional || IsNonConstantDefault(field)
                        ? _types.Value(type) + "? " + parameter + " = null"
                        : _types.Value(type) + " " + parameter + " = " + FieldCode.Default(_types, field));
                    break;
                case SchemaTypeKind.String:
                    parameter = Unique(camel.TrimStart('@') + "Offset");
                    parameters.Add(FieldCode.StringOffset + " " + parameter + " = default");
                    break;
                case SchemaTypeKind.Vector:
                    parameter = Unique(camel.TrimStart('@') + "Offset");
                    if (type.ElementType!.Kind == SchemaTypeKind.Union)
                    {
                        var typeParameter = Unique(camel.TrimStart('@') + "TypeOffset");
                        parameters.Add(FieldCode.VectorOffset + " " + typeParameter + " = default");
                        docs.Add("/// <param name=\"" + typeParameter + "\">The type vector of " + CodeWriter.EscapeXml(field.Name) + ".</param>");
                        argument[field] = typeParameter;
                    }

                    parameters.Add(FieldCode.VectorOffset + " " + parameter + " = default");
                    break;
                case SchemaTypeKind.Table:
                    parameter = Unique(camel.TrimStart('@') + "Offset");
                    parameters.Add(FieldCode.Offset(_types.Qualified(type.Table!)) + " " + parameter + " = default");
                    break;
                case SchemaTypeKind.Struct:
                    parameter = Unique(camel);
                    parameters.Add(_types.QualifiedObject(type.Struct!) + "? " + parameter + " = null");
                    break;
                case SchemaTypeKind.Union:
                    var unionTypeParameter = Unique(camel.TrimStart('@') + "Type");
                    parameters.Add(_types.Qualified(type.Union!) + " " + unionTypeParameter + " = " + _types.Qualified(type.Union!) + ".NONE");
                    docs.Add("/// <param name=\"" + unionTypeParameter + "\">The type of " + CodeWriter.EscapeXml(field.Name) + ".</param>");
                    argument[field] = unionTypeParameter;
                    parameter = Unique(camel.TrimStart('@') + "Offset");
                    parameters.Add("int " + parameter + " = 0");
                    break;
                default:
                    continue;
            }

            docs.Add("/// <param name=\"" + parameter.TrimStart('@') + "\">The field " + CodeWriter.EscapeXml(field.Name) + (IsNonConstantDefault(field) ? " (null: not written, reads as the default NaN)" : string.Empty) + ".</param>");
            argument[field] = argument.TryGetValue(field, out var typeArgument) ? typeArgument + "|" + parameter : parameter;
        }

        _w.Summary("Builds a complete " + _table.Name + " table in one call (fields written largest first).");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        foreach (var doc in docs)
        {
            _w.Line(doc);
        }

        _w.Line("/// <returns>The offset of the table.</returns>");
        var signature = "public static " + FieldCode.Offset(_qualified) + " Create" + _table.Name + "(" + FieldCode.Builder + " builder";
        foreach (var parameter in parameters)
        {
            signature += ", " + parameter;
        }

        using (_w.Block(signature + ")"))
        {
            _w.Line("Start" + _table.Name + "(builder);");
            foreach (var field in SizeOrder())
            {
                var name = _names[field];
                var arg = argument[field];
                switch (field.Type.Kind)
                {
                    case SchemaTypeKind.Struct:
                        _w.Line("if (" + arg + " is not null) { Add" + name + "(builder, " + _types.Qualified(field.Type.Struct!) + ".Pack(builder, " + arg + ")); }");
                        break;
                    case SchemaTypeKind.Union:
                    {
                        var parts = arg.Split('|');
                        _w.Line("Add" + name + "(builder, " + parts[1] + ");");
                        break;
                    }

                    case SchemaTypeKind.Vector when field.Type.ElementType!.Kind == SchemaTypeKind.Union:
                    {
                        var parts = arg.Split('|');
                        _w.Line("Add" + name + "Type(builder, " + parts[0] + ");");
                        _w.Line("Add" + name + "(builder, " + parts[1] + ");");
                        break;
                    }

                    case SchemaTypeKind.Scalar when IsNonConstantDefault(field):
                        _w.Line("if (" + arg + ".HasValue) { Add" + name + "(builder, " + arg + ".Value); }");
                        break;
                    default:
                        _w.Line("Add" + name + "(builder, " + arg + ");");
                        break;
                }
            }

            foreach (var field in SizeOrder())
            {
                var arg = argument[field];
                if (field.Type.Kind == SchemaTypeKind.Union)
                {
                    _w.Line("Add" + _names[field] + "Type(builder, " + arg.Split('|')[0] + ");");
                }
            }

            _w.Line("return End" + _table.Name + "(builder);");
        }

        _w.Line();
    }

    private void EmitFinish()
    {
        var identifier = _identifier is null ? string.Empty : ", FileIdentifier";
        _w.Summary("Finishes a buffer with this table as its root" + (_identifier is null ? string.Empty : " and the file identifier " + CodeWriter.EscapeXml(_identifier)) + ".");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <param name=\"offset\">The root table.</param>");
        _w.Line("public static void Finish" + _table.Name + "Buffer(" + FieldCode.Builder + " builder, " + FieldCode.Offset(_qualified) + " offset) { builder.Finish(offset.Value" + identifier + "); }");
        _w.Line();
        _w.Summary("Finishes a buffer with this table as its root, prefixed with its uint32 size" + (_identifier is null ? string.Empty : " and carrying the file identifier " + CodeWriter.EscapeXml(_identifier)) + ".");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <param name=\"offset\">The root table.</param>");
        _w.Line("public static void FinishSizePrefixed" + _table.Name + "Buffer(" + FieldCode.Builder + " builder, " + FieldCode.Offset(_qualified) + " offset) { builder.FinishSizePrefixed(offset.Value" + identifier + "); }");
        _w.Line();
    }

    private void EmitKeyOrdering(FieldDefinition key)
    {
        var bb = FieldCode.ByteBuffer;
        var vt = CSharpNames.Int(key.VTableOffset);
        var isString = key.Type.Kind == SchemaTypeKind.String;
        var keyType = isString ? "global::System.ReadOnlySpan<byte>" : _types.Value(key.Type);
        string Read(string table)
        {
            var o = FieldCode.Support + ".Field(bb, " + table + ", " + vt + ")";
            if (isString)
            {
                return "(" + o + " is int o" + table + " && o" + table + " != 0 ? " + FieldCode.Support + ".StringBytes(bb, " + table + " + o" + table + ") : default)";
            }

            var read = CSharpNames.Read(key.Type.Scalar, "bb", table + " + o" + table);
            var fallback = FieldCode.DefaultScalar(_types, key);
            return "(" + o + " is int o" + table + " && o" + table + " != 0 ? " + read + " : " + fallback + ")";
        }

        var keyArgument = key.Type.Kind == SchemaTypeKind.Enum ? FieldCode.ToScalar(key.Type, "key") : "key";
        string Compare(string left, string right) => isString
            ? "global::System.MemoryExtensions.SequenceCompareTo(" + left + ", " + right + ")"
            : left + ".CompareTo(" + right + ")";
        _w.Summary("Compares the key " + key.Name + " of the table at <paramref name=\"table\"/> with <paramref name=\"key\"/> (byte order for strings).");
        _w.Line("/// <param name=\"bb\">The buffer.</param>");
        _w.Line("/// <param name=\"table\">The absolute position of a " + _table.Name + " table.</param>");
        _w.Line("/// <param name=\"key\">The key to compare with.</param>");
        _w.Line("/// <returns>Negative, zero or positive.</returns>");
        _w.Line("public static int CompareKey(" + bb + " bb, int table, " + keyType + " key) => " + Compare(Read("table"), keyArgument) + ";");
        _w.Line();
        _w.Summary("Compares the keys " + key.Name + " of two tables (byte order for strings).");
        _w.Line("/// <param name=\"bb\">The buffer.</param>");
        _w.Line("/// <param name=\"a\">The absolute position of the first table.</param>");
        _w.Line("/// <param name=\"b\">The absolute position of the second table.</param>");
        _w.Line("/// <returns>Negative, zero or positive.</returns>");
        _w.Line("public static int CompareKeys(" + bb + " bb, int a, int b) => " + Compare(Read("a"), Read("b")) + ";");
        _w.Line();
        _w.Summary("Sorts the tables by their key " + key.Name + " and creates a vector of them, for lookups by key.");
        _w.Line("/// <param name=\"builder\">The builder holding the tables.</param>");
        _w.Line("/// <param name=\"offsets\">The tables; sorted in place.</param>");
        _w.Line("/// <returns>The vector offset.</returns>");
        using (_w.Block("public static " + FieldCode.VectorOffset + " CreateSortedVectorOf" + _table.Name + "(" + FieldCode.Builder + " builder, " + FieldCode.Offset(_qualified) + "[] offsets)"))
        {
            _w.Line(bb + " bb = builder.DataBuffer;");
            _w.Line("global::System.Array.Sort(offsets, (x, y) => CompareKeys(bb, " + FieldCode.Support + ".BuilderTable(bb, x.Value), " + FieldCode.Support + ".BuilderTable(bb, y.Value)));");
            _w.Line("return builder.CreateVectorOfTables(offsets);");
        }

        _w.Line();
    }
}
