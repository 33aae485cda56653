using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>Emits a C# enum for a schema enum, and the type enum plus object-API wrapper for a union.</summary>
internal sealed class EnumEmitter
{
    private readonly CSharpUnit _unit;
    private readonly CSharpTypeMap _types;
    private readonly CodeWriter _w;

    public EnumEmitter(CSharpUnit unit, CodeWriter writer)
    {
        _unit = unit;
        _types = unit.Types;
        _w = writer;
    }

    public void Emit(EnumDefinition definition)
    {
        _w.Summary(definition.Documentation, "The enum " + definition.FullName + ".");
        if (definition.IsBitFlags)
        {
            _w.Line("[global::System.Flags]");
        }

        using (_w.Block(_unit.Modifier + " enum " + _types.Name(definition) + " : " + CSharpNames.Scalar(definition.UnderlyingType)))
        {
            foreach (var value in definition.Values)
            {
                _w.Summary(value.Documentation, "The value " + value.Name + " (" + value.ValueText + ").");
                _w.Line(CSharpNames.Escape(value.Name) + " = " + value.ValueText + ",");
            }
        }
    }

    public void Emit(UnionDefinition union)
    {
        var name = _types.Name(union);
        _w.Summary(union.Documentation, "The type codes of the union " + union.FullName + ".");
        using (_w.Block(_unit.Modifier + " enum " + name + " : byte"))
        {
            foreach (var member in union.Members)
            {
                _w.Summary(member.Documentation, member.IsNone ? "No value." : "The member " + member.Name + " (" + member.Type + ").");
                _w.Line(CSharpNames.Escape(member.Name) + " = " + member.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",");
            }
        }

        _w.Line();
        EmitWrapper(union);
    }

    private void EmitWrapper(UnionDefinition union)
    {
        var wrapper = _types.ObjectName(union);
        var unionType = _types.Qualified(union);
        _w.Summary("The object-API form of the union " + union.FullName + ": a type code and the matching object.");
        using (_w.Block(_unit.Modifier + " partial class " + wrapper))
        {
            _w.Summary("The type code; a code unknown to this schema version keeps its number with a null <see cref=\"Value\"/>.");
            _w.Line("public " + unionType + " Type { get; set; }");
            _w.Line();
            _w.Summary("The value: an object-API table or struct, a string, or null.");
            _w.Line("public object? Value { get; set; }");
            _w.Line();
            _w.Summary("Creates an empty union (NONE).");
            _w.Line("public " + wrapper + "() { this.Type = " + unionType + ".NONE; this.Value = null; }");
            _w.Line();
            _w.Summary("The value as <typeparamref name=\"T\"/>, or null.");
            _w.Line("/// <typeparam name=\"T\">The expected object type.</typeparam>");
            _w.Line("/// <returns>The value, or null.</returns>");
            _w.Line("public T? As<T>() where T : class => this.Value as T;");
            foreach (var member in union.Members)
            {
                if (member.IsNone)
                {
                    continue;
                }

                var memberName = CSharpNames.Pascal(member.Name);
                var code = unionType + "." + CSharpNames.Escape(member.Name);
                var valueType = member.Type!.Kind == SchemaTypeKind.String ? "string" : _types.QualifiedObject(member.Type.Definition!);
                _w.Line();
                _w.Summary("The value when the type is " + member.Name + ", otherwise null.");
                _w.Line("/// <returns>The value, or null.</returns>");
                _w.Line("public " + valueType + "? As" + memberName + "() => this.Type == " + code + " ? this.Value as " + valueType + " : null;");
                _w.Line();
                _w.Summary("Creates a union holding a " + member.Name + ".");
                _w.Line("/// <param name=\"value\">The value.</param>");
                _w.Line("/// <returns>The union.</returns>");
                _w.Line("public static " + wrapper + " From" + memberName + "(" + valueType + " value) => new " + wrapper + " { Type = " + code + ", Value = value };");
            }

            _w.Line();
            _w.Summary("Writes the value of a union (its type is written separately) and returns its offset, 0 when there is no value.");
            _w.Line("/// <param name=\"builder\">The builder.</param>");
            _w.Line("/// <param name=\"_o\">The union, or null.</param>");
            _w.Line("/// <returns>The offset of the value, or 0.</returns>");
            _w.Line("/// <exception cref=\"global::System.InvalidCastException\">The value does not match the type.</exception>");
            using (_w.Block("public static int Pack(" + FieldCode.Builder + " builder, " + wrapper + "? _o)"))
            {
                _w.Line("if (_o is null || _o.Value is null) { return 0; }");
                using (_w.Block("switch (_o.Type)"))
                {
                    foreach (var member in union.Members)
                    {
                        if (member.IsNone)
                        {
                            continue;
                        }

                        _w.Line("case " + unionType + "." + CSharpNames.Escape(member.Name) + ":");
                        using (_w.Indent())
                        {
                            if (member.Type!.Kind == SchemaTypeKind.String)
                            {
                                _w.Line("return builder.CreateString((string)_o.Value).Value;");
                            }
                            else
                            {
                                _w.Line("return " + _types.Qualified(member.Type.Definition!) + ".Pack(builder, (" + _types.QualifiedObject(member.Type.Definition!) + ")_o.Value).Value;");
                            }
                        }
                    }

                    _w.Line("default:");
                    using (_w.Indent())
                    {
                        _w.Line("return 0;");
                    }
                }
            }
        }
    }
}
