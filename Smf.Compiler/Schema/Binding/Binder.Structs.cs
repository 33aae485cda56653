using System.Globalization;

namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    private const int MaxForceAlign = 32;

    private void BindStruct(StructDefinition definition, Symbol symbol)
    {
        var syntax = symbol.Syntax;
        CheckAttributes(syntax.Attributes, symbol.Order);
        if (syntax.Members.Count == 0)
        {
            _diagnostics.Add(DiagnosticCodes.EmptyStruct, "The struct '" + definition.Name + "' has no fields; a struct needs at least one (use a table for an empty type).", syntax.Location);
        }

        var fields = new List<FieldDefinition>(syntax.Members.Count);
        var names = _scratchNames;
        names.Clear();
        var offset = 0;
        var alignment = 1;
        FieldDefinition? previous = null;
        foreach (var member in syntax.Members)
        {
            CheckAttributes(member.Attributes, symbol.Order);
            var field = new FieldDefinition(member.Name, member.Documentation, ConvertAttributes(member.Attributes), member.Location) { DeclaringType = definition };
            if (member.Name == definition.Name)
            {
                _diagnostics.Add(DiagnosticCodes.FieldNamedLikeType, "The field '" + member.Name + "' has the same name as its struct; rename the field.", member.Location);
            }

            if (!names.Add(member.Name))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateFieldName, "The struct '" + definition.Name + "' already has a field named '" + member.Name + "'.", member.Location);
                continue;
            }

            if (member.Value is { } value)
            {
                _diagnostics.Add(DiagnosticCodes.DefaultOnStructField, "Struct fields cannot have default values; remove '= " + value.Display + "' from '" + member.Name + "'.", value.Location);
            }

            if (FindAttribute(member.Attributes, "deprecated") is { } deprecated)
            {
                _diagnostics.Add(DiagnosticCodes.DeprecatedStructField, "Struct fields cannot be deprecated (every byte of a struct is always present); remove 'deprecated' from '" + member.Name + "'.", deprecated.Location);
            }

            if (FindAttribute(member.Attributes, "required") is { } required)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRequired, "Struct fields are always present; remove 'required' from '" + member.Name + "'.", required.Location);
            }

            CheckOffset64(member);

            var type = ResolveFieldType(member.Type!, symbol);
            if (type is null)
            {
                continue;
            }

            field.Type = type;
            field.Default = ImplicitDefault(type);
            CheckImplicitEnumZero(field, type);
            field.IsKey = FindAttribute(member.Attributes, "key") is not null;
            if (FindAttribute(member.Attributes, RoutingKeyAttribute) is { } routingKey)
            {
                _diagnostics.Add(DiagnosticCodes.InvalidRoutingKey, "A 'routing_key' marks a field of a request table; '" + field.Name + "' is a struct field.", routingKey.Location);
            }

            var size = type.InlineSize;
            var fieldAlignment = type.InlineAlignment;
            var padding = (fieldAlignment - (offset % fieldAlignment)) % fieldAlignment;
            if (previous is not null)
            {
                previous.Padding += padding;
            }

            offset += padding;
            field.Offset = offset;
            field.Size = size;
            offset += size;
            alignment = Math.Max(alignment, fieldAlignment);
            fields.Add(field);
            previous = field;
        }

        if (FindAttribute(syntax.Attributes, "force_align") is { } forceAlign && TryGetIntegerAttribute(forceAlign, int.MaxValue, out var requested))
        {
            if (requested < alignment || requested > MaxForceAlign || (requested & (requested - 1)) != 0)
            {
                _diagnostics.Add(
                    DiagnosticCodes.InvalidForceAlign,
                    "force_align: " + requested.ToString(CultureInfo.InvariantCulture) + " on struct '" + definition.Name + "' must be a power of two from the natural alignment (" + alignment.ToString(CultureInfo.InvariantCulture) + ") to " + MaxForceAlign.ToString(CultureInfo.InvariantCulture) + ".",
                    forceAlign.Value?.Location ?? forceAlign.Location);
            }
            else
            {
                alignment = (int)requested;
                definition.ForceAlign = alignment;
            }
        }

        var end = (offset + alignment - 1) / alignment * alignment;
        if (previous is not null)
        {
            previous.Padding += end - offset;
        }

        definition.Fields = fields;
        definition.Size = end;
        definition.Alignment = alignment;
    }

    private static readonly DefaultValue[] ImplicitScalarDefaults = CreateImplicitScalarDefaults();

    private static DefaultValue[] CreateImplicitScalarDefaults()
    {
        var defaults = new DefaultValue[(int)ScalarKind.Double + 1];
        for (var i = 1; i < defaults.Length; i++)
        {
            var kind = (ScalarKind)i;
            var valueKind = kind == ScalarKind.Bool ? DefaultValueKind.Bool : kind is ScalarKind.Float or ScalarKind.Double ? DefaultValueKind.Float : DefaultValueKind.Integer;
            defaults[i] = new DefaultValue(valueKind, kind, 0, 0, false, Array.Empty<EnumValueDefinition>(), false);
        }

        return defaults;
    }

    /// <summary>The default of a scalar field without '= value': zero or false (shared instances), or the enum's zero value.</summary>
    private static DefaultValue ImplicitDefault(SchemaType type)
    {
        if (!type.IsScalar)
        {
            return DefaultValue.NoneValue;
        }

        if (type.Enum is not { } enumDefinition)
        {
            return ImplicitScalarDefaults[(int)type.Scalar];
        }

        return enumDefinition.ImplicitDefault ??= new DefaultValue(DefaultValueKind.Integer, type.Scalar, 0, 0, false, ZeroEnumValues(enumDefinition), false);
    }

    private static IReadOnlyList<EnumValueDefinition> ZeroEnumValues(EnumDefinition definition)
    {
        foreach (var value in definition.Values)
        {
            if (value.Value == 0)
            {
                return new[] { value };
            }
        }

        return Array.Empty<EnumValueDefinition>();
    }
}
