using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>Emits a struct: the accessor over its inline bytes, <c>CreateX</c> writing the exact layout, and the object-API class.</summary>
internal sealed class StructEmitter
{
    private readonly CSharpUnit _unit;
    private readonly CSharpTypeMap _types;
    private readonly CodeWriter _w;
    private readonly StructDefinition _struct;
    private readonly MemberNames _names;
    private readonly string _name;
    private readonly string _qualified;
    private int _loopDepth;

    public StructEmitter(CSharpUnit unit, CodeWriter writer, StructDefinition definition)
    {
        _unit = unit;
        _types = unit.Types;
        _w = writer;
        _struct = definition;
        _names = _types.Members(definition);
        _name = _types.Name(definition);
        _qualified = _types.Qualified(definition);
    }

    public void Emit()
    {
        _w.Summary(_struct.Documentation, "The accessor of the struct " + _struct.FullName + " (" + CSharpNames.Int(_struct.Size) + " bytes, aligned to " + CSharpNames.Int(_struct.Alignment) + ").");
        using (_w.Block(_unit.Modifier + " partial struct " + _name + " : " + CSharpNames.Runtime + "IFlatbufferObject"))
        {
            _w.Line("private " + CSharpNames.Runtime + "Struct __p;");
            _w.Line();
            _w.Summary("The buffer this accessor reads.");
            _w.Line(_name == "ByteBuffer"
                ? FieldCode.ByteBuffer + " " + CSharpNames.Runtime + "IFlatbufferObject.ByteBuffer => __p.bb;"
                : "public " + FieldCode.ByteBuffer + " ByteBuffer => __p.bb;");
            _w.Line();
            _w.Summary("Points this accessor at the struct at <paramref name=\"_i\"/> in <paramref name=\"_bb\"/>.");
            _w.Line("/// <param name=\"_i\">The absolute position of the struct.</param>");
            _w.Line("/// <param name=\"_bb\">The buffer.</param>");
            _w.Line("public void __init(int _i, " + FieldCode.ByteBuffer + " _bb) { __p = new " + CSharpNames.Runtime + "Struct(_i, _bb); }");
            _w.Line();
            _w.Summary("Points this accessor at a struct and returns it.");
            _w.Line("/// <param name=\"_i\">The absolute position of the struct.</param>");
            _w.Line("/// <param name=\"_bb\">The buffer.</param>");
            _w.Line("/// <returns>This accessor.</returns>");
            _w.Line("public " + _name + " __assign(int _i, " + FieldCode.ByteBuffer + " _bb) { __init(_i, _bb); return this; }");
            _w.Line();
            foreach (var field in _struct.Fields)
            {
                EmitAccessor(field);
            }

            EmitCreate();
            EmitObjectConversions();
        }

        _w.Line();
        EmitObjectClass();
    }

    private void EmitAccessor(FieldDefinition field)
    {
        var name = _names[field];
        var type = field.Type;
        var position = "__p.bb_pos + " + CSharpNames.Int(field.Offset);
        _w.Summary(field.Documentation, "The field " + field.Name + ".");
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
                _w.Line("public " + _types.Value(type) + " " + name + " => " + FieldCode.ReadValue(_types, type, "__p.bb", position) + ";");
                break;
            case SchemaTypeKind.Struct:
            {
                var target = _types.Qualified(type.Struct!);
                _w.Line("public " + target + " " + name + " => new " + target + "().__assign(" + position + ", __p.bb);");
                break;
            }

            case SchemaTypeKind.Array:
            {
                var element = type.ElementType!;
                var size = CSharpNames.Int(element.InlineSize);
                var at = position + " + (j * " + size + ")";
                _w.Line("/// <param name=\"j\">The element index, below " + CSharpNames.Int(type.ArrayLength) + ".</param>");
                _w.Line("/// <returns>The element.</returns>");
                _w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"j\"/> is negative or not below the array length.</exception>");
                var check = "if ((uint)j >= " + CSharpNames.Int(type.ArrayLength) + ") { throw new global::System.ArgumentOutOfRangeException(nameof(j), j, \"The index is outside the fixed array " + field.Name + ".\"); } ";
                if (element.Kind == SchemaTypeKind.Struct)
                {
                    var target = _types.Qualified(element.Struct!);
                    _w.Line("public " + target + " " + name + "(int j) { " + check + "return new " + target + "().__assign(" + at + ", __p.bb); }");
                }
                else
                {
                    _w.Line("public " + _types.Value(element) + " " + name + "(int j) { " + check + "return " + FieldCode.ReadValue(_types, element, "__p.bb", at) + "; }");
                }

                _w.Line();
                _w.Summary("The number of elements of the fixed array " + field.Name + ".");
                _w.Line("public const int " + name + "Length = " + CSharpNames.Int(type.ArrayLength) + ";");
                break;
            }

            default:
                throw new InvalidOperationException("The struct field '" + field.Name + "' has the type '" + type + "', which a struct cannot hold.");
        }

        _w.Line();
    }

    private string ParameterType(SchemaType type) => type.Kind switch
    {
        SchemaTypeKind.Scalar or SchemaTypeKind.Enum => _types.Value(type),
        SchemaTypeKind.Struct => _types.QualifiedObject(type.Struct!),
        _ => FieldCode.ElementObjectType(_types, type.ElementType!) + "[]",
    };

    private void EmitCreate()
    {
        var parameters = new List<string>();
        var names = new Dictionary<FieldDefinition, string>();
        var used = new HashSet<string>(StringComparer.Ordinal) { "builder" };
        foreach (var field in _struct.Fields)
        {
            var parameter = CSharpNames.Camel(field.Name);
            while (!used.Add(parameter))
            {
                parameter += "_";
            }

            names[field] = parameter;
            parameters.Add(ParameterType(field.Type) + " " + parameter);
        }

        _w.Summary("Writes a " + _struct.Name + " with its exact layout (padding zeroed); call it right where the struct goes.");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        foreach (var field in _struct.Fields)
        {
            _w.Line("/// <param name=\"" + names[field].TrimStart('@') + "\">The field " + CodeWriter.EscapeXml(field.Name) + (field.Type.Kind == SchemaTypeKind.Array ? " (exactly " + CSharpNames.Int(field.Type.ArrayLength) + " elements)" : string.Empty) + ".</param>");
        }

        _w.Line("/// <returns>The offset of the struct.</returns>");
        _w.Line("/// <exception cref=\"global::System.ArgumentException\">A fixed array does not have its declared length, or a nested struct is null.</exception>");
        using (_w.Block("public static " + FieldCode.Offset(_qualified) + " Create" + _struct.Name + "(" + FieldCode.Builder + " builder, " + string.Join(", ", parameters) + ")"))
        {
            foreach (var field in _struct.Fields)
            {
                EmitArgumentChecks(field.Type, names[field], names[field].TrimStart('@'));
            }

            _w.Line("builder.Prep(" + CSharpNames.Int(_struct.Alignment) + ", " + CSharpNames.Int(_struct.Size) + ");");
            _loopDepth = 0;
            EmitWrite(_struct, field => names[field]);
            _w.Line("return new " + FieldCode.Offset(_qualified) + "(builder.Offset);");
        }

        _w.Line();
    }

    private void EmitArgumentChecks(SchemaType type, string expression, string parameter)
    {
        if (type.Kind == SchemaTypeKind.Struct)
        {
            _w.Line("if (" + expression + " is null) { throw new global::System.ArgumentException(\"The struct value is null.\", \"" + parameter + "\"); }");
        }
        else if (type.Kind == SchemaTypeKind.Array)
        {
            _w.Line("if (" + expression + " is null || " + expression + ".Length != " + CSharpNames.Int(type.ArrayLength) + ") { throw new global::System.ArgumentException(\"The fixed array needs exactly " + CSharpNames.Int(type.ArrayLength) + " elements.\", \"" + parameter + "\"); }");
        }
    }

    // Writes the fields back to front (the builder grows downwards), each preceded by the padding that follows it.
    private void EmitWrite(StructDefinition definition, Func<FieldDefinition, string> value)
    {
        for (var i = definition.Fields.Count - 1; i >= 0; i--)
        {
            var field = definition.Fields[i];
            if (field.Padding > 0)
            {
                _w.Line("builder.Pad(" + CSharpNames.Int(field.Padding) + ");");
            }

            EmitWriteValue(field.Type, value(field));
        }
    }

    private void EmitWriteValue(SchemaType type, string expression)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.Scalar:
            case SchemaTypeKind.Enum:
                _w.Line("builder.Put" + CSharpNames.Accessor(type.Scalar) + "(" + FieldCode.ToScalar(type, expression) + ");");
                break;
            case SchemaTypeKind.Struct:
                EmitWrite(type.Struct!, inner => expression + "." + _types.Members(type.Struct!)[inner]);
                break;
            case SchemaTypeKind.Array:
            {
                var index = "_i" + CSharpNames.Int(_loopDepth++);
                using (_w.Block("for (int " + index + " = " + CSharpNames.Int(type.ArrayLength - 1) + "; " + index + " >= 0; " + index + "--)"))
                {
                    EmitWriteValue(type.ElementType!, expression + "[" + index + "]");
                }

                break;
            }
        }
    }

    private void EmitObjectConversions()
    {
        var objectType = _types.QualifiedObject(_struct);
        _w.Summary("Copies this struct into a new mutable " + _types.ObjectName(_struct) + ".");
        _w.Line("/// <returns>The object.</returns>");
        _w.Line("public " + objectType + " UnPack() { var _o = new " + objectType + "(); UnPackTo(_o); return _o; }");
        _w.Line();
        _w.Summary("Copies this struct into an existing " + _types.ObjectName(_struct) + ".");
        _w.Line("/// <param name=\"_o\">The object to fill.</param>");
        using (_w.Block("public void UnPackTo(" + objectType + " _o)"))
        {
            foreach (var field in _struct.Fields)
            {
                var name = _names[field];
                switch (field.Type.Kind)
                {
                    case SchemaTypeKind.Struct:
                        _w.Line("_o." + name + " = this." + name + ".UnPack();");
                        break;
                    case SchemaTypeKind.Array:
                        var element = field.Type.ElementType!.Kind == SchemaTypeKind.Struct ? "this." + name + "(_j).UnPack()" : "this." + name + "(_j)";
                        _w.Line("for (int _j = 0; _j < " + CSharpNames.Int(field.Type.ArrayLength) + "; _j++) { _o." + name + "[_j] = " + element + "; }");
                        break;
                    default:
                        _w.Line("_o." + name + " = this." + name + ";");
                        break;
                }
            }
        }

        _w.Line();
        _w.Summary("Writes a " + _types.ObjectName(_struct) + " with the exact layout; call it right where the struct goes.");
        _w.Line("/// <param name=\"builder\">The builder.</param>");
        _w.Line("/// <param name=\"_o\">The object.</param>");
        _w.Line("/// <returns>The offset of the struct.</returns>");
        var arguments = new List<string>();
        foreach (var field in _struct.Fields)
        {
            arguments.Add("_o." + _names[field]);
        }

        _w.Line("public static " + FieldCode.Offset(_qualified) + " Pack(" + FieldCode.Builder + " builder, " + objectType + " _o) => Create" + _struct.Name + "(builder, " + string.Join(", ", arguments) + ");");
    }

    private void EmitObjectClass()
    {
        var objectName = _types.ObjectName(_struct);
        _w.Summary(_struct.Documentation, "The mutable object-API form of the struct " + _struct.FullName + ".");
        using (_w.Block(_unit.Modifier + " partial class " + objectName))
        {
            foreach (var field in _struct.Fields)
            {
                _w.Summary(field.Documentation, "The field " + field.Name + ".");
                _w.Line("public " + ParameterType(field.Type) + " " + _names[field] + " { get; set; }");
                _w.Line();
            }

            _w.Summary("Creates an object with every field zero.");
            using (_w.Block("public " + objectName + "()"))
            {
                foreach (var field in _struct.Fields)
                {
                    var name = _names[field];
                    var type = field.Type;
                    switch (type.Kind)
                    {
                        case SchemaTypeKind.Struct:
                            _w.Line("this." + name + " = new " + _types.QualifiedObject(type.Struct!) + "();");
                            break;
                        case SchemaTypeKind.Array:
                            _w.Line("this." + name + " = new " + FieldCode.ElementObjectType(_types, type.ElementType!) + "[" + CSharpNames.Int(type.ArrayLength) + "];");
                            if (type.ElementType!.Kind == SchemaTypeKind.Struct)
                            {
                                _w.Line("for (int _j = 0; _j < " + CSharpNames.Int(type.ArrayLength) + "; _j++) { this." + name + "[_j] = new " + _types.QualifiedObject(type.ElementType.Struct!) + "(); }");
                            }

                            break;
                        default:
                            _w.Line("this." + name + " = default;");
                            break;
                    }
                }
            }
        }
    }
}
