using System.Globalization;

namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    private void BindTable(TableDefinition definition, Symbol symbol)
    {
        var syntax = symbol.Syntax;
        CheckAttributes(syntax.Attributes, symbol.Order);
        var fields = new List<FieldDefinition>(syntax.Members.Count);
        var fieldSyntax = _scratchFieldSyntax;
        fieldSyntax.Clear();
        var names = _scratchFields;
        names.Clear();
        foreach (var member in syntax.Members)
        {
            CheckAttributes(member.Attributes, symbol.Order);
            if (names.ContainsKey(member.Name))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateFieldName, "The table '" + definition.Name + "' already has a field named '" + member.Name + "'.", member.Location);
                continue;
            }

            var field = new FieldDefinition(member.Name, member.Documentation, ConvertAttributes(member.Attributes), member.Location) { DeclaringType = definition };
            if (member.Name == definition.Name)
            {
                _diagnostics.Add(DiagnosticCodes.FieldNamedLikeType, "The field '" + member.Name + "' has the same name as its table; rename the field.", member.Location);
            }

            names.Add(member.Name, field);
            CheckOffset64(member);
            var type = ResolveFieldType(member.Type!, symbol);
            if (type is null)
            {
                continue;
            }

            field.Type = type;
            field.Size = type.InlineSize;
            field.IsDeprecated = FindAttribute(member.Attributes, "deprecated") is not null;
            field.Default = member.Value is null ? ImplicitDefault(type) : BindDefault(member.Value, type, member.Name) ?? ImplicitDefault(type);
            if (member.Value is null)
            {
                CheckImplicitEnumZero(field, type);
            }

            BindFieldAttributes(field, member, definition, syntax.Namespace);
            fields.Add(field);
            fieldSyntax.Add(member);
        }

        CheckGeneratedNames(definition, fields, names);
        AssignIds(definition, fields, fieldSyntax);
        definition.Fields = fields;
    }

    /// <summary>A field of a plain enum type without a default starts as 0, so 0 must be one of the values (as flatc requires, for structs too).</summary>
    private void CheckImplicitEnumZero(FieldDefinition field, SchemaType type)
    {
        var enumType = type.Enum;
        if (enumType is { IsBitFlags: false } && enumType.Values.Count > 0 && ZeroEnumValues(enumType).Count == 0)
        {
            _diagnostics.Add(DiagnosticCodes.DefaultNotInEnum, "The implicit default 0 of field '" + field.Name + "' is not a value of enum '" + enumType.Name + "'; add a default ('= " + enumType.Values[0].Name + "') or a value equal to 0.", field.Location);
        }
    }

    /// <summary>
    /// A field marked <c>routing_key</c> (a user attribute, declared with <c>attribute "routing_key";</c> as flatc
    /// requires): a string or an integer field, at most one per table.
    /// </summary>
    private void BindRoutingKey(FieldDefinition field, TableDefinition table, AttributeSyntax attribute)
    {
        var type = field.Type;
        var integral = (type.Kind == SchemaTypeKind.Scalar && type.Scalar is not (ScalarKind.Bool or ScalarKind.Float or ScalarKind.Double))
            || type.Kind == SchemaTypeKind.Enum;
        if (type.Kind != SchemaTypeKind.String && !integral)
        {
            _diagnostics.Add(DiagnosticCodes.InvalidRoutingKey, "A 'routing_key' field must be a string or an integer; '" + field.Name + "' is a " + type + ".", attribute.Location);
        }
        else if (table.RoutingKeyField is { } existing)
        {
            _diagnostics.Add(DiagnosticCodes.DuplicateRoutingKey, "The table '" + table.Name + "' already routes by '" + existing.Name + "'; only one field may be a 'routing_key'.", attribute.Location);
        }
        else
        {
            field.IsRoutingKey = true;
            table.RoutingKeyField = field;
        }
    }

    /// <summary>
    /// Reports <c>offset64</c> and <c>vector64</c> (flatc 25.x's 64-bit offsets and vectors): the generated code
    /// writes 32-bit offsets only, so accepting the attribute would silently produce a different layout.
    /// </summary>
    private void CheckOffset64(MemberSyntax member)
    {
        foreach (var attribute in member.Attributes)
        {
            if (attribute.Name is "offset64" or "vector64")
            {
                _diagnostics.Add(DiagnosticCodes.Offset64NotSupported, "The field '" + member.Name + "' is marked '" + attribute.Name + "', but 64-bit offsets are not supported (the generated code writes 32-bit offsets only, as flatc's C# generator does); remove '" + attribute.Name + "'.", attribute.Location);
            }
        }
    }

    private void BindFieldAttributes(FieldDefinition field, MemberSyntax member, TableDefinition table, string[] @namespace)
    {
        var type = field.Type;
        if (FindAttribute(member.Attributes, "required") is { } required)
        {
            if (type.IsScalar)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRequired, "Only non-scalar fields (strings, vectors, tables, structs, unions) can be 'required'; '" + field.Name + "' is a " + type + ".", required.Location);
            }
            else
            {
                field.IsRequired = true;
            }
        }

        if (FindAttribute(member.Attributes, "key") is { } key)
        {
            if (field.IsOptional)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidKey, "The optional scalar '" + field.Name + "' cannot be a 'key'; remove '= null' or the attribute.", key.Location);
            }
            else if (!type.IsScalar && type.Kind != SchemaTypeKind.String)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidKey, "A 'key' field must be a scalar or a string; '" + field.Name + "' is a " + type + ".", key.Location);
            }
            else if (table.KeyField is { } existing)
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateKey, "The table '" + table.Name + "' already has the key field '" + existing.Name + "'; only one field may be a 'key'.", key.Location);
            }
            else
            {
                field.IsKey = true;
                table.KeyField = field;
            }
        }

        if (FindAttribute(member.Attributes, RoutingKeyAttribute) is { } routingKey)
        {
            BindRoutingKey(field, table, routingKey);
        }

        var isByteVector = type.Kind == SchemaTypeKind.Vector && type.ElementType!.Kind == SchemaTypeKind.Scalar && type.ElementType.Scalar == ScalarKind.UByte;
        if (FindAttribute(member.Attributes, "nested_flatbuffer") is { } nested)
        {
            if (!isByteVector)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidNestedFlatBuffer, "'nested_flatbuffer' is only allowed on a '[ubyte]' field; '" + field.Name + "' is a " + type + ".", nested.Location);
            }
            else if (nested.Value is not { Kind: ValueKind.String or ValueKind.Identifier } rootName)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidAttributeValue, "'nested_flatbuffer' needs the root table name as a string, e.g. nested_flatbuffer: \"Monster\".", nested.Location);
            }
            else
            {
                var target = Lookup(rootName.Text, @namespace);
                if (target?.Declaration is TableDefinition root)
                {
                    field.NestedFlatBuffer = root;
                }
                else
                {
                    _diagnostics.Add(DiagnosticCodes.UnknownNestedRoot, "The nested_flatbuffer root '" + rootName.Text + "' of field '" + field.Name + "' is not a declared table.", rootName.Location);
                }
            }
        }

        if (FindAttribute(member.Attributes, "flexbuffer") is { } flex)
        {
            if (!isByteVector)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidNestedFlatBuffer, "'flexbuffer' is only allowed on a '[ubyte]' field; '" + field.Name + "' is a " + type + ".", flex.Location);
            }
            else
            {
                field.IsFlexBuffer = true;
            }
        }

        if (FindAttribute(member.Attributes, "hash") is { } hash)
        {
            BindHash(field, hash);
        }

    }

    private void BindHash(FieldDefinition field, AttributeSyntax hash)
    {
        var type = field.Type;
        var scalar = type.Kind == SchemaTypeKind.Vector ? type.ElementType!.Scalar : type.Kind == SchemaTypeKind.Scalar ? type.Scalar : ScalarKind.None;
        var width = scalar is ScalarKind.Short or ScalarKind.UShort ? 16 : scalar is ScalarKind.Int or ScalarKind.UInt ? 32 : scalar is ScalarKind.Long or ScalarKind.ULong ? 64 : 0;
        if (width == 0 || (type.Kind == SchemaTypeKind.Vector && type.ElementType!.Kind != SchemaTypeKind.Scalar))
        {
            _diagnostics.Add(DiagnosticCodes.InvalidHashType, "'hash' is only allowed on 16, 32 or 64-bit integer fields (or vectors of them); '" + field.Name + "' is a " + type + ".", hash.Location);
            return;
        }

        var algorithm = hash.Value?.Text ?? string.Empty;
        var algorithmWidth = algorithm switch
        {
            "fnv1_16" or "fnv1a_16" => 16,
            "fnv1_32" or "fnv1a_32" => 32,
            "fnv1_64" or "fnv1a_64" => 64,
            _ => 0,
        };
        if (algorithmWidth != width)
        {
            var expected = width.ToString(CultureInfo.InvariantCulture);
            _diagnostics.Add(DiagnosticCodes.UnknownHashAlgorithm, "The hash '" + algorithm + "' is not valid for the " + expected + "-bit field '" + field.Name + "'; use fnv1_" + expected + " or fnv1a_" + expected + ".", hash.Value?.Location ?? hash.Location);
            return;
        }

        field.Hash = algorithm;
    }

    private void CheckGeneratedNames(TableDefinition table, List<FieldDefinition> fields, Dictionary<string, FieldDefinition> names)
    {
        foreach (var field in fields)
        {
            string? generated = null;
            if (field.Type.Kind == SchemaTypeKind.Union || (field.Type.Kind == SchemaTypeKind.Vector && field.Type.ElementType!.Kind == SchemaTypeKind.Union))
            {
                generated = field.Name + "_type";
            }
            else if (field.Type.Kind == SchemaTypeKind.Vector)
            {
                generated = field.Name + "_length";
            }

            if (generated is not null && names.TryGetValue(generated, out var clash))
            {
                _diagnostics.Add(DiagnosticCodes.GeneratedNameClash, "The field '" + generated + "' clashes with the name generated for '" + field.Name + "' in table '" + table.Name + "'; rename one of them.", clash.Location);
            }
        }
    }

    private void AssignIds(TableDefinition table, List<FieldDefinition> fields, List<MemberSyntax> syntax)
    {
        var withId = 0;
        AttributeSyntax? firstId = null;
        MemberSyntax? firstWithout = null;
        for (var i = 0; i < syntax.Count; i++)
        {
            var id = FindAttribute(syntax[i].Attributes, "id");
            if (id is not null)
            {
                withId++;
                firstId ??= id;
            }
            else
            {
                firstWithout ??= syntax[i];
            }
        }

        if (withId == 0)
        {
            var next = 0;
            foreach (var field in fields)
            {
                next += UsesTwoSlots(field) ? 2 : 1;
                field.Id = next - 1;
            }

            table.SlotCount = next;
            return;
        }

        if (withId != syntax.Count)
        {
            _diagnostics.Add(DiagnosticCodes.PartialIds, "The field '" + firstWithout!.Name + "' has no 'id' but other fields of table '" + table.Name + "' do; give every field an id or none.", firstWithout.Location);
            return;
        }

        var slots = new Dictionary<long, FieldDefinition>();
        var total = 0;
        var ok = true;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var attribute = FindAttribute(syntax[i].Attributes, "id")!;
            if (!TryGetIntegerAttribute(attribute, 65535, out var id))
            {
                ok = false;
                continue;
            }

            var two = UsesTwoSlots(field);
            total += two ? 2 : 1;
            field.Id = (int)id;
            if (two && id == 0)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidIds, "The union field '" + field.Name + "' uses two ids (its type and its value) and is annotated with the second, so its id must be at least 1.", attribute.Value!.Location);
                ok = false;
                continue;
            }

            for (var slot = two ? id - 1 : id; slot <= id; slot++)
            {
                if (slots.TryGetValue(slot, out var other))
                {
                    _diagnostics.Add(DiagnosticCodes.InvalidIds, "The id " + slot.ToString(CultureInfo.InvariantCulture) + " of field '" + field.Name + "' is already used by '" + other.Name + "'" + (two ? " (a union field also takes id - 1 for its type)" : string.Empty) + ".", attribute.Value!.Location);
                    ok = false;
                }
                else
                {
                    slots.Add(slot, field);
                }
            }
        }

        if (!ok)
        {
            return;
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Id >= total)
            {
                var attribute = FindAttribute(syntax[i].Attributes, "id")!;
                _diagnostics.Add(DiagnosticCodes.InvalidIds, "The id " + field.Id.ToString(CultureInfo.InvariantCulture) + " of field '" + field.Name + "' leaves a gap: the ids of table '" + table.Name + "' must be exactly 0.." + (total - 1).ToString(CultureInfo.InvariantCulture) + ".", attribute.Value!.Location);
                return;
            }
        }

        table.SlotCount = total;
    }

    private static bool UsesTwoSlots(FieldDefinition field) =>
        field.Type.Kind == SchemaTypeKind.Union || (field.Type.Kind == SchemaTypeKind.Vector && field.Type.ElementType!.Kind == SchemaTypeKind.Union);
}
