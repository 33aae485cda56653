using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <content>Object API: UnPack/UnPackTo/Pack on the accessor, the mutable XT class, and the verifier entry points.</content>
internal sealed partial class TableEmitter
{
    private string ObjectName => _types.ObjectName(_table);

    private void EmitVerify()
    {
        var verifier = RuntimeSupport.Verifier;
        var method = RuntimeSupport.VerifierClass + "." + _verifier.TableMethod(_table);
        var identifier = _identifier is null ? "null" : "FileIdentifier";
        var idText = _identifier is null ? string.Empty : " (including its file identifier " + CodeWriter.EscapeXml(_identifier) + ")";
        _w.Summary("Verifies that <paramref name=\"buffer\"/> is a valid finished buffer with a " + _table.Name + " root" + idText + ", with the checks of the C++ flatbuffers::Verifier. Never throws.");
        _w.Line("/// <param name=\"buffer\">The whole buffer.</param>");
        _w.Line("/// <returns>True when the buffer is safe to read.</returns>");
        _w.Line("public static bool Verify(global::System.ReadOnlySpan<byte> buffer) => Verify(buffer, out _);");
        _w.Line();
        _w.Summary("Verifies a finished buffer with a " + _table.Name + " root and says why it is invalid. Never throws.");
        _w.Line("/// <param name=\"buffer\">The whole buffer.</param>");
        _w.Line("/// <param name=\"error\">The first problem found, or null when the buffer is valid.</param>");
        _w.Line("/// <returns>True when the buffer is safe to read.</returns>");
        using (_w.Block("public static bool Verify(global::System.ReadOnlySpan<byte> buffer, out string? error)"))
        {
            _w.Line("var verifier = new " + verifier + "(buffer);");
            _w.Line("bool ok = verifier.Root(0, " + identifier + ", " + CSharpNames.StringLiteral(_table.FullName) + ", out long table) && " + method + "(ref verifier, table);");
            _w.Line("error = verifier.Error;");
            _w.Line("return ok;");
        }

        _w.Line();
        _w.Summary("Verifies the readable part of a ByteBuffer (from its position to its end) as a buffer with a " + _table.Name + " root.");
        _w.Line("/// <param name=\"bb\">The buffer.</param>");
        _w.Line("/// <returns>True when the buffer is safe to read.</returns>");
        _w.Line("public static bool Verify(" + FieldCode.ByteBuffer + " bb) => Verify(" + FieldCode.Support + ".Bytes(bb, bb.Position, bb.Length - bb.Position), out _);");
        _w.Line();
        _w.Summary("Verifies a size-prefixed buffer with a " + _table.Name + " root (the prefix must equal the remaining length). Never throws.");
        _w.Line("/// <param name=\"buffer\">The whole buffer, prefix included.</param>");
        _w.Line("/// <returns>True when the buffer is safe to read.</returns>");
        _w.Line("public static bool VerifySizePrefixed(global::System.ReadOnlySpan<byte> buffer) => VerifySizePrefixed(buffer, out _);");
        _w.Line();
        _w.Summary("Verifies a size-prefixed buffer with a " + _table.Name + " root and says why it is invalid. Never throws.");
        _w.Line("/// <param name=\"buffer\">The whole buffer, prefix included.</param>");
        _w.Line("/// <param name=\"error\">The first problem found, or null when the buffer is valid.</param>");
        _w.Line("/// <returns>True when the buffer is safe to read.</returns>");
        using (_w.Block("public static bool VerifySizePrefixed(global::System.ReadOnlySpan<byte> buffer, out string? error)"))
        {
            _w.Line("var verifier = new " + verifier + "(buffer);");
            _w.Line("bool ok = verifier.SizePrefix() && verifier.Root(4, " + identifier + ", " + CSharpNames.StringLiteral(_table.FullName) + ", out long table) && " + method + "(ref verifier, table);");
            _w.Line("error = verifier.Error;");
            _w.Line("return ok;");
        }

        _w.Line();
    }

    private void EmitObjectConversions()
    {
        var objectType = _types.QualifiedObject(_table);
        _w.Summary("Copies this table into a new mutable " + ObjectName + ".");
        _w.Line("/// <returns>The object.</returns>");
        _w.Line("public " + objectType + " UnPack() { var _o = new " + objectType + "(); UnPackTo(_o); return _o; }");
        _w.Line();
        _w.Summary("Copies this table into an existing " + ObjectName + ".");
        _w.Line("/// <param name=\"_o\">The object to fill.</param>");
        using (_w.Block("public void UnPackTo(" + objectType + " _o)"))
        {
            foreach (var field in Fields)
            {
                EmitUnPackField(field);
            }
        }

        _w.Line();
        _w.Summary("Writes a " + ObjectName + " into a builder (strings, vectors and sub-tables first, then this table).");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <param name=\"_o\">The object, or null for no table.</param>");
        _w.Line("/// <returns>The offset of the table, or the default offset when <paramref name=\"_o\"/> is null.</returns>");
        using (_w.Block("public static " + FieldCode.Offset(_qualified) + " Pack(" + FieldCode.Builder + " builder, " + objectType + "? _o)"))
        {
            _w.Line("if (_o is null) { return default; }");
            foreach (var field in Fields)
            {
                EmitPackOffset(field);
            }

            _w.Line("Start" + _table.Name + "(builder);");
            foreach (var field in SizeOrder())
            {
                EmitPackAdd(field);
            }

            _w.Line("return End" + _table.Name + "(builder);");
        }
    }

    private static string Local(FieldDefinition field) => "_" + CSharpNames.Pascal(field.Name).ToLowerInvariant() + "_" + CSharpNames.Int(field.Id);

    private void EmitUnPackField(FieldDefinition field)
    {
        var name = _names[field];
        var type = field.Type;
        var present = Present(field.VTableOffset);
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            case SchemaTypeKind.String:
                _w.Line("_o." + name + " = this." + name + ";");
                break;
            case SchemaTypeKind.Table:
            case SchemaTypeKind.Struct:
                _w.Line("{ var _v = this." + name + "; _o." + name + " = _v.HasValue ? _v.Value.UnPack() : null; }");
                break;
            case SchemaTypeKind.Union:
                using (_w.Block())
                {
                    _w.Line("var _t = this." + name + "Type;");
                    _w.Line("_o." + name + " = " + UnionUnPack(type.Union!, name, string.Empty) + ";");
                }

                break;
            case SchemaTypeKind.Vector:
            {
                var element = type.ElementType!;
                using (_w.Block())
                {
                    _w.Line("int _n = " + present + " != 0 ? this." + name + "Length : -1;");
                    _w.Line("var _l = _n < 0 ? null : new global::System.Collections.Generic.List<" + FieldCode.ElementObjectType(_types, element) + ">(_n);");
                    string add = element.Kind switch
                    {
                        SchemaTypeKind.String => "this." + name + "(_j) ?? string.Empty",
                        SchemaTypeKind.Table or SchemaTypeKind.Struct => "this." + name + "(_j)!.Value.UnPack()",
                        SchemaTypeKind.Union => UnionUnPack(element.Union!, name, "_j") + " ?? new " + _types.QualifiedObject(element.Union!) + "()",
                        _ => "this." + name + "(_j)",
                    };
                    if (element.Kind == SchemaTypeKind.Union)
                    {
                        _w.Line("for (int _j = 0; _l is not null && _j < _n; _j++) { var _t = this." + name + "Type(_j); _l.Add(" + add + "); }");
                    }
                    else
                    {
                        _w.Line("for (int _j = 0; _l is not null && _j < _n; _j++) { _l.Add(" + add + "); }");
                    }

                    _w.Line("_o." + name + " = _l;");
                }

                break;
            }
        }
    }

    private string UnionUnPack(UnionDefinition union, string name, string index)
    {
        var wrapper = _types.QualifiedObject(union);
        var unionType = _types.Qualified(union);
        var text = "_t switch { " + unionType + ".NONE => null, ";
        foreach (var member in union.Members)
        {
            if (member.IsNone)
            {
                continue;
            }

            var accessor = "this." + name + "As" + CSharpNames.Pascal(member.Name) + "(" + index + ")";
            var value = member.Type!.Kind == SchemaTypeKind.String ? accessor : accessor + "?.UnPack()";
            text += unionType + "." + CSharpNames.Escape(member.Name) + " => new " + wrapper + " { Type = _t, Value = " + value + " }, ";
        }

        return text + "_ => new " + wrapper + " { Type = _t } }";
    }

    private void EmitPackOffset(FieldDefinition field)
    {
        var name = _names[field];
        var type = field.Type;
        var local = Local(field);
        switch (type.Kind)
        {
            case SchemaTypeKind.String:
                _w.Line("var " + local + " = _o." + name + " is null ? default(" + FieldCode.StringOffset + ") : builder.CreateString(_o." + name + ");");
                break;
            case SchemaTypeKind.Table:
                _w.Line("var " + local + " = " + _types.Qualified(type.Table!) + ".Pack(builder, _o." + name + ");");
                break;
            case SchemaTypeKind.Union:
                _w.Line("var " + local + "_type = _o." + name + " is null || _o." + name + ".Value is null ? " + _types.Qualified(type.Union!) + ".NONE : _o." + name + ".Type;");
                _w.Line("var " + local + " = " + _types.QualifiedObject(type.Union!) + ".Pack(builder, _o." + name + ");");
                break;
            case SchemaTypeKind.Vector:
                EmitPackVector(field, name, local, type.ElementType!);
                break;
        }
    }

    private void EmitPackVector(FieldDefinition field, string name, string local, SchemaType element)
    {
        _w.Line("var " + local + " = default(" + FieldCode.VectorOffset + ");");
        if (element.Kind == SchemaTypeKind.Union)
        {
            _w.Line("var " + local + "_type = default(" + FieldCode.VectorOffset + ");");
        }

        using (_w.Block("if (_o." + name + " is not null)"))
        {
            _w.Line("var _l = _o." + name + ";");
            var size = CSharpNames.Int(FieldCode.ElementSize(element));
            var align = CSharpNames.Int(FieldCode.ElementAlignment(element));
            switch (element.Kind)
            {
                case SchemaTypeKind.Scalar:
                case SchemaTypeKind.Enum:
                    _w.Line("builder.StartVector(" + size + ", _l.Count, " + align + ");");
                    _w.Line("for (int _j = _l.Count - 1; _j >= 0; _j--) { builder.Add" + CSharpNames.Accessor(element.Scalar) + "(" + FieldCode.ToScalar(element, "_l[_j]") + "); }");
                    _w.Line(local + " = builder.EndVector();");
                    break;
                case SchemaTypeKind.Struct:
                    _w.Line("builder.StartVector(" + size + ", _l.Count, " + align + ");");
                    _w.Line("for (int _j = _l.Count - 1; _j >= 0; _j--) { " + _types.Qualified(element.Struct!) + ".Pack(builder, _l[_j]); }");
                    _w.Line(local + " = builder.EndVector();");
                    break;
                case SchemaTypeKind.String:
                    _w.Line("var _a = new " + FieldCode.StringOffset + "[_l.Count];");
                    _w.Line("for (int _j = 0; _j < _a.Length; _j++) { _a[_j] = builder.CreateString(_l[_j]); }");
                    _w.Line(local + " = Create" + name + "Vector(builder, _a);");
                    break;
                case SchemaTypeKind.Table:
                {
                    var target = _types.Qualified(element.Table!);
                    _w.Line("var _a = new " + FieldCode.Offset(target) + "[_l.Count];");
                    _w.Line("for (int _j = 0; _j < _a.Length; _j++) { _a[_j] = " + target + ".Pack(builder, _l[_j]); }");
                    _w.Line(local + " = " + (element.Table!.KeyField is null ? "Create" + name + "Vector(builder, _a)" : target + ".CreateSortedVectorOf" + element.Table!.Name + "(builder, _a)") + ";");
                    break;
                }

                case SchemaTypeKind.Union:
                {
                    var unionType = _types.Qualified(element.Union!);
                    _w.Line("var _a = new int[_l.Count];");
                    _w.Line("var _t = new " + unionType + "[_l.Count];");
                    _w.Line("for (int _j = 0; _j < _a.Length; _j++) { _t[_j] = _l[_j].Value is null ? " + unionType + ".NONE : _l[_j].Type; _a[_j] = " + _types.QualifiedObject(element.Union!) + ".Pack(builder, _l[_j]); }");
                    _w.Line(local + "_type = Create" + name + "TypeVector(builder, _t);");
                    _w.Line(local + " = Create" + name + "Vector(builder, _a);");
                    break;
                }
            }
        }
    }

    private void EmitPackAdd(FieldDefinition field)
    {
        var name = _names[field];
        var local = Local(field);
        switch (field.Type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
                _w.Line("Add" + name + "(builder, _o." + name + ");");
                break;
            case SchemaTypeKind.Struct:
                _w.Line("if (_o." + name + " is not null) { Add" + name + "(builder, " + _types.Qualified(field.Type.Struct!) + ".Pack(builder, _o." + name + ")); }");
                break;
            case SchemaTypeKind.Union:
                _w.Line("Add" + name + "Type(builder, " + local + "_type);");
                _w.Line("Add" + name + "(builder, " + local + ");");
                break;
            case SchemaTypeKind.Vector when field.Type.ElementType!.Kind == SchemaTypeKind.Union:
                _w.Line("Add" + name + "Type(builder, " + local + "_type);");
                _w.Line("Add" + name + "(builder, " + local + ");");
                break;
            default:
                _w.Line("Add" + name + "(builder, " + local + ");");
                break;
        }
    }

    private void EmitObjectClass()
    {
        var objectName = ObjectName;
        _w.Summary(_table.Documentation, "The mutable object-API form of the table " + _table.FullName + ".");
        using (_w.Block(_unit.Modifier + " partial class " + objectName))
        {
            foreach (var field in Fields)
            {
                _w.Summary(field.Documentation, "The field " + field.Name + ".");
                _w.Line("public " + FieldCode.ObjectType(_types, field) + " " + _names[field] + " { get; set; }");
                _w.Line();
            }

            _w.Summary("Creates an object with the schema defaults.");
            using (_w.Block("public " + objectName + "()"))
            {
                foreach (var field in Fields)
                {
                    if (field.Type.IsScalar && !field.IsOptional)
                    {
                        _w.Line("this." + _names[field] + " = " + FieldCode.Default(_types, field) + ";");
                    }
                }
            }

            _w.Line();
            _w.Summary("Serializes this object into a new finished buffer" + (_identifier is null ? string.Empty : " carrying the file identifier " + CodeWriter.EscapeXml(_identifier)) + ".");
            _w.Line("/// <returns>The buffer bytes.</returns>");
            using (_w.Block("public byte[] SerializeToBinary()"))
            {
                _w.Line("var builder = new " + FieldCode.Builder + "(256);");
                _w.Line(_qualified + ".Finish" + _table.Name + "Buffer(builder, " + _qualified + ".Pack(builder, this));");
                _w.Line("return builder.DataBuffer.ToSizedArray();");
            }

            _w.Line();
            _w.Summary("Reads a finished buffer with a " + _table.Name + " root into a new object (verify untrusted input first).");
            _w.Line("/// <param name=\"buffer\">The buffer; it is read in place.</param>");
            _w.Line("/// <returns>The object.</returns>");
            _w.Line("public static " + objectName + " DeserializeFromBinary(byte[] buffer) => " + _qualified + ".GetRootAs" + _table.Name + "(new " + FieldCode.ByteBuffer + "(buffer)).UnPack();");
            _w.Line();
            _w.Summary("Reads a finished buffer with a " + _table.Name + " root into a new object (verify untrusted input first).");
            _w.Line("/// <param name=\"buffer\">The buffer; it is copied once.</param>");
            _w.Line("/// <returns>The object.</returns>");
            _w.Line("public static " + objectName + " DeserializeFromBinary(global::System.ReadOnlySpan<byte> buffer) => DeserializeFromBinary(" + FieldCode.Support + ".Copy(buffer));");
        }
    }
}
