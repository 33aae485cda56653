using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>
/// The C# member base name of every field of one table or struct. A field's base name is its PascalCase name;
/// when any member derived from it (<c>AddX</c>, <c>XLength</c>, <c>GetXBytes</c>, ...) would collide with a fixed
/// member of the generated types or with a member of an earlier field, underscores are appended until it is unique.
/// </summary>
internal sealed class MemberNames
{
    private readonly Dictionary<FieldDefinition, string> _names = new();

    public MemberNames(CSharpTypeMap map, Declaration declaration)
    {
        var typeName = declaration.Name;
        var used = new HashSet<string>(StringComparer.Ordinal)
        {
            typeName, map.ObjectName(declaration), "__p", "__init", "__assign", "ByteBuffer", "UnPack", "UnPackTo", "Pack",
            "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "Create" + typeName,
        };

        IReadOnlyList<FieldDefinition> fields;
        if (declaration is TableDefinition table)
        {
            fields = table.Fields;
            foreach (var fixedName in new[]
            {
                "ValidateVersion", "GetRootAs" + typeName, "GetSizePrefixedRootAs" + typeName, typeName + "BufferHasIdentifier",
                "Start" + typeName, "End" + typeName, "Finish" + typeName + "Buffer", "FinishSizePrefixed" + typeName + "Buffer",
                "Verify", "VerifySizePrefixed", "CreateSortedVectorOf" + typeName, "SerializeToBinary", "DeserializeFromBinary",
                "FileIdentifier", "CompareKey", "CompareKeys",
            })
            {
                used.Add(fixedName);
            }
        }
        else
        {
            fields = ((StructDefinition)declaration).Fields;
        }

        foreach (var field in fields)
        {
            if (field.IsDeprecated)
            {
                continue;
            }

            var name = CSharpNames.Pascal(field.Name);
            while (true)
            {
                var derived = Derived(field, name);
                var free = true;
                foreach (var member in derived)
                {
                    if (used.Contains(member))
                    {
                        free = false;
                        break;
                    }
                }

                if (free)
                {
                    foreach (var member in derived)
                    {
                        used.Add(member);
                    }

                    break;
                }

                name += "_";
            }

            _names.Add(field, name);
        }
    }

    /// <summary>The base member name of a (non-deprecated) field.</summary>
    public string this[FieldDefinition field] => _names[field];

    private static List<string> Derived(FieldDefinition field, string name)
    {
        var names = new List<string> { name, "Add" + name };
        var type = field.Type;
        if (field.DeclaringType is StructDefinition)
        {
            names.Add(name + "Length");
            return names;
        }

        switch (type.Kind)
        {
            case SchemaTypeKind.String:
                names.Add("Get" + name + "Bytes");
                break;
            case SchemaTypeKind.Union:
                names.Add(name + "Type");
                names.Add("Add" + name + "Type");
                AddUnionMembers(names, name, type.Union!);
                break;
            case SchemaTypeKind.Vector:
                names.Add(name + "Length");
                names.Add("Create" + name + "Vector");
                names.Add("Create" + name + "VectorBlock");
                names.Add("Start" + name + "Vector");
                names.Add("Get" + name + "Bytes");
                names.Add("Get" + name + "Array");
                names.Add(name + "ByKey");
                if (field.NestedFlatBuffer is not null)
                {
                    names.Add("Get" + name + "As" + field.NestedFlatBuffer.Name);
                }

                if (type.ElementType!.Kind == SchemaTypeKind.Union)
                {
                    names.Add(name + "Type");
                    names.Add(name + "TypeLength");
                    names.Add("Add" + name + "Type");
                    names.Add("Create" + name + "TypeVector");
                    names.Add("Start" + name + "TypeVector");
                    AddUnionMembers(names, name, type.ElementType.Union!);
                }

                break;
        }

        return names;
    }

    private static void AddUnionMembers(List<string> names, string name, UnionDefinition union)
    {
        foreach (var member in union.Members)
        {
            if (!member.IsNone)
            {
                names.Add(name + "As" + CSharpNames.Pascal(member.Name));
            }
        }
    }
}
