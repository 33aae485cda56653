using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>
/// Emits the <c>file static class</c> verifier of a unit: one method per table and union reachable from the unit's
/// tables (also those declared in other files), so each unit verifies on its own. The methods take Smf.Runtime's
/// <c>FlatBufferVerifier</c> (the checks shared by every schema) by reference.
/// </summary>
internal sealed class VerifierEmitter
{
    private readonly CSharpUnit _unit;
    private readonly Dictionary<TableDefinition, string> _tables = new();
    private readonly Dictionary<UnionDefinition, string> _unions = new();
    private readonly List<TableDefinition> _tableOrder = new();
    private readonly List<UnionDefinition> _unionOrder = new();

    public VerifierEmitter(CSharpUnit unit, IEnumerable<TableDefinition> roots)
    {
        _unit = unit;
        var pending = new Stack<Declaration>();
        var seen = new HashSet<Declaration>();
        foreach (var root in roots)
        {
            pending.Push(root);
        }

        while (pending.Count > 0)
        {
            var declaration = pending.Pop();
            if (!seen.Add(declaration))
            {
                continue;
            }

            if (declaration is TableDefinition table)
            {
                _tableOrder.Add(table);
                foreach (var field in table.Fields)
                {
                    var type = field.Type.Kind == SchemaTypeKind.Vector ? field.Type.ElementType! : field.Type;
                    if (type.Definition is TableDefinition or UnionDefinition)
                    {
                        pending.Push(type.Definition);
                    }

                    if (field.NestedFlatBuffer is not null)
                    {
                        pending.Push(field.NestedFlatBuffer);
                    }
                }
            }
            else if (declaration is UnionDefinition union)
            {
                _unionOrder.Add(union);
                foreach (var member in union.Members)
                {
                    if (member.Type?.Definition is TableDefinition memberTable)
                    {
                        pending.Push(memberTable);
                    }
                }
            }
        }

        _tableOrder.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        _unionOrder.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        for (var i = 0; i < _tableOrder.Count; i++)
        {
            _tables[_tableOrder[i]] = "Table" + CSharpNames.Int(i) + "_" + _tableOrder[i].Name;
        }

        for (var i = 0; i < _unionOrder.Count; i++)
        {
            _unions[_unionOrder[i]] = "Union" + CSharpNames.Int(i) + "_" + _unionOrder[i].Name;
        }
    }

    public bool IsEmpty => _tableOrder.Count == 0;

    public string TableMethod(TableDefinition table) => _tables[table];

    public void Emit(CodeWriter w)
    {
        w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"smfc\", \"1.0\")]");
        using (w.Block("file static class " + RuntimeSupport.VerifierClass))
        {
            var first = true;
            foreach (var table in _tableOrder)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                EmitTable(w, table);
            }

            foreach (var union in _unionOrder)
            {
                w.Line();
                EmitUnion(w, union);
            }
        }
    }

    private static string What(FieldDefinition field) => CSharpNames.StringLiteral(field.DeclaringType.FullName + "." + field.Name);

    private void EmitTable(CodeWriter w, TableDefinition table)
    {
        using (w.Block("public static bool " + _tables[table] + "(ref " + RuntimeSupport.Verifier + " v, long table)"))
        {
            w.Line("if (!v.TableStart(table, " + CSharpNames.StringLiteral(table.FullName) + ", out int vt, out int vs)) { return false; }");
            var first = true;
            foreach (var field in table.Fields)
            {
                if (!field.IsDeprecated)
                {
                    if (first)
                    {
                        w.Line("int o;");
                        first = false;
                    }

                    EmitField(w, field);
                }
            }

            w.Line("return v.TableEnd();");
        }
    }

    private void EmitField(CodeWriter w, FieldDefinition field)
    {
        var type = field.Type;
        var what = What(field);
        w.Line("// " + field.Name + ": " + type);
        w.Line("o = v.Field(vt, vs, " + CSharpNames.Int(field.VTableOffset) + ");");
        if (FieldCode.IsRequired(field))
        {
            w.Line("if (!v.Required(o, " + what + ")) { return false; }");
        }

        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
            {
                var size = CSharpNames.Int(SchemaType.ScalarSize(type.Scalar));
                w.Line("if (o != 0 && !v.Check(table + o, " + size + ", " + size + ", " + what + ")) { return false; }");
                break;
            }

            case SchemaTypeKind.Struct:
                w.Line("if (o != 0 && !v.Check(table + o, " + CSharpNames.Int(type.Struct!.Size) + ", " + CSharpNames.Int(type.Struct!.Alignment) + ", " + what + ")) { return false; }");
                break;
            case SchemaTypeKind.String:
                w.Line("if (o != 0) { if (!(v.Offset(table + o, " + what + ", out long s) && v.String(s, " + what + "))) { return false; } }");
                break;
            case SchemaTypeKind.Table:
                w.Line("if (o != 0) { if (!(v.Offset(table + o, " + what + ", out long t) && " + _tables[type.Table!] + "(ref v, t))) { return false; } }");
                break;
            case SchemaTypeKind.Union:
                EmitUnionField(w, field);
                break;
            case SchemaTypeKind.Vector:
                EmitVectorField(w, field, type.ElementType!);
                break;
        }
    }

    private void EmitUnionField(CodeWriter w, FieldDefinition field)
    {
        var what = What(field);
        using (w.Block())
        {
            w.Line("int ot = v.Field(vt, vs, " + CSharpNames.Int(field.VTableOffset - 2) + ");");
            w.Line("if (ot != 0 && !v.Check(table + ot, 1, 1, " + what + ")) { return false; }");
            w.Line("int type = ot != 0 ? v.UnionType(table + ot) : 0;");
            w.Line("if (o != 0) { if (!(v.Offset(table + o, " + what + ", out long u) && " + _unions[field.Type.Union!] + "(ref v, type, u, " + what + "))) { return false; } }");
            w.Line("if (o == 0 && !" + _unions[field.Type.Union!] + "Absent(ref v, type, " + what + ")) { return false; }");
        }
    }

    private void EmitVectorField(CodeWriter w, FieldDefinition field, SchemaType element)
    {
        var what = What(field);
        if (element.Kind == SchemaTypeKind.Union)
        {
            using (w.Block())
            {
                w.Line("int ot = v.Field(vt, vs, " + CSharpNames.Int(field.VTableOffset - 2) + ");");
                w.Line("long types = 0; int typeCount = 0; long values = 0; int count = 0;");
                w.Line("if (ot != 0 && !(v.Offset(table + ot, " + what + ", out types) && v.Vector(types, 1, " + what + ", out typeCount))) { return false; }");
                w.Line("if (o != 0 && !(v.Offset(table + o, " + what + ", out values) && v.Vector(values, 4, " + what + ", out count))) { return false; }");
                w.Line("if ((ot != 0) != (o != 0)) { return v.Fail(\"The union vector \" + " + what + " + \" has only one of its type and value vectors.\"); }");
                w.Line("if (typeCount != count) { return v.Fail(\"The union vector \" + " + what + " + \" has \" + typeCount.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" types but \" + count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" values.\"); }");
                w.Line("for (int i = 0; i < count; i++) { if (!" + _unions[element.Union!] + "(ref v, v.UnionType(types + 4 + i), v.Element(values + 4 + (4L * i)), " + what + ")) { return false; } }");
            }

            return;
        }

        var size = CSharpNames.Int(FieldCode.ElementSize(element));
        using (w.Block("if (o != 0)"))
        {
            w.Line("if (!(v.Offset(table + o, " + what + ", out long vec) && v.Vector(vec, " + size + ", " + what + ", out int n))) { return false; }");
            switch (element.Kind)
            {
                case SchemaTypeKind.String:
                    w.Line("for (int i = 0; i < n; i++) { if (!v.String(v.Element(vec + 4 + (4L * i)), " + what + ")) { return false; } }");
                    break;
                case SchemaTypeKind.Table:
                    w.Line("for (int i = 0; i < n; i++) { if (!" + _tables[element.Table!] + "(ref v, v.Element(vec + 4 + (4L * i)))) { return false; } }");
                    break;
            }

            if (field.IsFlexBuffer)
            {
                w.Line("if (!" + RuntimeSupport.FlexVerifier + ".Verify(v.Nested(vec, n))) { return v.Fail(\"The flexbuffer \" + " + what + " + \" is invalid.\"); }");
            }

            if (field.NestedFlatBuffer is { } nested)
            {
                w.Line("if (n < 12) { return v.Fail(\"The nested flatbuffer \" + " + what + " + \" is shorter than 12 bytes.\"); }");
                w.Line("var inner = new " + RuntimeSupport.Verifier + "(v.Nested(vec, n));");
                w.Line("bool nestedOk = inner.Root(0, null, " + CSharpNames.StringLiteral(nested.FullName) + ", out long root) && " + _tables[nested] + "(ref inner, root);");
                w.Line("if (!v.NestedResult(nestedOk, inner.Error, " + what + ")) { return false; }");
            }
        }
    }

    private void EmitUnion(CodeWriter w, UnionDefinition union)
    {
        var name = _unions[union];
        using (w.Block("public static bool " + name + "(ref " + RuntimeSupport.Verifier + " v, int type, long value, string what)"))
        {
            using (w.Block("switch (type)"))
            {
                foreach (var member in union.Members)
                {
                    if (member.IsNone)
                    {
                        continue;
                    }

                    var type = member.Type!;
                    var code = CSharpNames.Int((int)member.Value);
                    switch (type.Kind)
                    {
                        case SchemaTypeKind.Table:
                            w.Line("case " + code + ": return " + _tables[type.Table!] + "(ref v, value);");
                            break;
                        case SchemaTypeKind.String:
                            w.Line("case " + code + ": return v.String(value, what);");
                            break;
                        case SchemaTypeKind.Struct:
                            w.Line("case " + code + ": return v.Check(value, " + CSharpNames.Int(type.Struct!.Size) + ", " + CSharpNames.Int(type.Struct!.Alignment) + ", what);");
                            break;
                    }
                }

                w.Line("default: return true;");
            }
        }

        w.Line();

        // C++ passes a null pointer for an absent value: tables and strings accept it, a struct member is checked at address 0 minus the buffer and fails.
        using (w.Block("public static bool " + name + "Absent(ref " + RuntimeSupport.Verifier + " v, int type, string what)"))
        {
            var structCodes = new List<string>();
            foreach (var member in union.Members)
            {
                if (member.Type is { Kind: SchemaTypeKind.Struct })
                {
                    structCodes.Add("type == " + CSharpNames.Int((int)member.Value));
                }
            }

            w.Line(structCodes.Count == 0
                ? "return true;"
                : "return !(" + string.Join(" || ", structCodes) + ") || v.Fail(\"The union \" + what + \" has a struct type but no value.\");");
        }
    }
}
