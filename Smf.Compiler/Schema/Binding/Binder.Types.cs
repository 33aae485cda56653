namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    private static readonly SchemaType[] ScalarTypes = CreateScalarTypes();

    private static SchemaType[] CreateScalarTypes()
    {
        var types = new SchemaType[(int)ScalarKind.Double + 1];
        for (var i = 1; i < types.Length; i++)
        {
            types[i] = SchemaType.ForScalar((ScalarKind)i);
        }

        return types;
    }

    /// <summary>Resolves a field type written inside <paramref name="owner"/>; null (after reporting) when invalid.</summary>
    private SchemaType? ResolveFieldType(TypeSyntax syntax, Symbol owner)
    {
        var inStruct = owner.Declaration is StructDefinition;
        if (syntax.Name is not null)
        {
            var type = ResolveNamed(syntax, owner);
            if (type is null)
            {
                return null;
            }

            if (inStruct && !IsStructMemberType(type))
            {
                _diagnostics.Add(DiagnosticCodes.InvalidStructFieldType, "A struct may contain only scalars, enums, structs and fixed arrays, not the " + Describe(type) + " '" + syntax.Name + "'.", syntax.Location);
                return null;
            }

            return type;
        }

        var elementSyntax = syntax.Element!;
        if (syntax.ArrayLength is null)
        {
            if (inStruct)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidStructFieldType, "A struct may not contain a vector; use a fixed array '[T:N]' instead.", syntax.Location);
                return null;
            }

            if (elementSyntax.Name is null)
            {
                _diagnostics.Add(
                    elementSyntax.ArrayLength is null ? DiagnosticCodes.VectorOfVectors : DiagnosticCodes.InvalidVectorElement,
                    elementSyntax.ArrayLength is null ? "Vectors of vectors are not supported; wrap the inner vector in a table." : "A vector may not contain fixed arrays; wrap the array in a struct.",
                    elementSyntax.Location);
                return null;
            }

            var element = ResolveNamed(elementSyntax, owner);
            return element is null ? null : SchemaType.ForVector(element);
        }

        if (!inStruct)
        {
            _diagnostics.Add(DiagnosticCodes.ArrayOutsideStruct, "Fixed arrays '[T:N]' are only allowed in structs; use a vector '[T]' in a table.", syntax.Location);
            return null;
        }

        var lengthSyntax = syntax.ArrayLength;
        var lengthOk = lengthSyntax.Kind == ValueKind.Integer && !lengthSyntax.Negative && Numbers.TryParseInteger(lengthSyntax.Text, out var length) && length >= 1 && length <= 65535;
        if (!lengthOk)
        {
            _diagnostics.Add(DiagnosticCodes.ArrayLengthOutOfRange, "The fixed array length '" + lengthSyntax.Display + "' must be an integer from 1 to 65535.", lengthSyntax.Location);
        }

        if (elementSyntax.Name is null)
        {
            _diagnostics.Add(DiagnosticCodes.InvalidArrayElement, "A fixed array may not contain vectors or arrays.", elementSyntax.Location);
            return null;
        }

        var arrayElement = ResolveNamed(elementSyntax, owner);
        if (arrayElement is null)
        {
            return null;
        }

        if (!IsStructMemberType(arrayElement))
        {
            _diagnostics.Add(DiagnosticCodes.InvalidArrayElement, "A fixed array may contain only scalars, enums and structs, not the " + Describe(arrayElement) + " '" + elementSyntax.Name + "'.", elementSyntax.Location);
            return null;
        }

        if (!lengthOk)
        {
            return null;
        }

        Numbers.TryParseInteger(lengthSyntax.Text, out var finalLength);
        return SchemaType.ForArray(arrayElement, (int)finalLength);
    }

    private static bool IsStructMemberType(SchemaType type) =>
        type.Kind is SchemaTypeKind.Scalar or SchemaTypeKind.Enum or SchemaTypeKind.Struct;

    private static string Describe(SchemaType type) => type.Kind switch
    {
        SchemaTypeKind.String => "string",
        SchemaTypeKind.Table => "table",
        SchemaTypeKind.Union => "union",
        SchemaTypeKind.Struct => "struct",
        SchemaTypeKind.Enum => "enum",
        SchemaTypeKind.Vector => "vector",
        SchemaTypeKind.Array => "array",
        _ => "scalar",
    };

    /// <summary>Resolves a named type (scalar keyword, string, or a declared type) used in a field of <paramref name="owner"/>.</summary>
    private SchemaType? ResolveNamed(TypeSyntax syntax, Symbol owner)
    {
        var name = syntax.Name!;
        var scalar = ScalarKinds.FromName(name);
        if (scalar != ScalarKind.None)
        {
            return ScalarTypes[(int)scalar];
        }

        if (name == "string")
        {
            return SchemaType.StringType;
        }

        var symbol = Lookup(name, owner.Syntax.Namespace);
        if (symbol is null)
        {
            ReportUnknownType(name, owner.Syntax.Namespace, syntax.Location);
            return null;
        }

        switch (symbol.Declaration)
        {
            case TableDefinition table:
                return SchemaType.ForTable(table);
            case StructDefinition structDefinition:
                if (owner.Declaration is StructDefinition && symbol.Order >= owner.Order)
                {
                    var message = symbol == owner
                        ? "The struct '" + name + "' cannot contain itself."
                        : "The struct '" + name + "' is declared after '" + owner.Declaration.Name + "'; a struct may only contain structs declared before it.";
                    _diagnostics.Add(DiagnosticCodes.StructNotYetDeclared, message, syntax.Location);
                    return null;
                }

                return SchemaType.ForStruct(structDefinition);
            case EnumDefinition enumDefinition:
                if (symbol.Order > owner.Order)
                {
                    _diagnostics.Add(DiagnosticCodes.UsedBeforeDeclaration, "The enum '" + name + "' is used before its declaration at " + symbol.Declaration.Location + "; declare enums before the types that use them.", syntax.Location);
                    return null;
                }

                return SchemaType.ForEnum(enumDefinition);
            case UnionDefinition union:
                if (symbol.Order > owner.Order)
                {
                    _diagnostics.Add(DiagnosticCodes.UsedBeforeDeclaration, "The union '" + name + "' is used before its declaration at " + symbol.Declaration.Location + "; declare unions before the tables that use them.", syntax.Location);
                    return null;
                }

                return SchemaType.ForUnion(union);
            default:
                ReportUnknownType(name, owner.Syntax.Namespace, syntax.Location);
                return null;
        }
    }
}
