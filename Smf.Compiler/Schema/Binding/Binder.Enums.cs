using System.Globalization;

namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    private void BindEnum(EnumDefinition definition, Symbol symbol)
    {
        var syntax = symbol.Syntax;
        CheckAttributes(syntax.Attributes, symbol.Order);
        definition.IsBitFlags = FindAttribute(syntax.Attributes, "bit_flags") is not null;
        var kind = definition.UnderlyingType;
        var isUnsigned = !SchemaType.IsSigned(kind);
        var bits = SchemaType.ScalarSize(kind) * 8;
        var values = new List<EnumValueDefinition>(syntax.Members.Count);
        var names = _scratchEnumNames;
        names.Clear();
        var numbers = _scratchEnumNumbers;
        numbers.Clear();
        long next = 0;
        var nextOverflows = false;
        foreach (var member in syntax.Members)
        {
            CheckAttributes(member.Attributes, symbol.Order);
            long raw;
            if (member.Value is { } valueSyntax)
            {
                if (valueSyntax.Kind != ValueKind.Integer || !Numbers.TryParseInteger(valueSyntax.Text, out var magnitude) || !Numbers.FitsInteger(definition.IsBitFlags ? ScalarKind.Long : kind, valueSyntax.Negative, magnitude, out raw))
                {
                    _diagnostics.Add(DiagnosticCodes.EnumValueOutOfRange, "The value '" + valueSyntax.Display + "' of '" + member.Name + "' is not an integer that fits the underlying type '" + SchemaType.ScalarName(kind) + "'.", valueSyntax.Location);
                    continue;
                }
            }
            else
            {
                if (nextOverflows)
                {
                    _diagnostics.Add(DiagnosticCodes.EnumValueOutOfRange, "The implicit value of '" + member.Name + "' (previous value + 1) does not fit the underlying type '" + SchemaType.ScalarName(kind) + "'.", member.Location);
                    continue;
                }

                raw = next;
            }

            long value;
            if (definition.IsBitFlags)
            {
                var maxBit = SchemaType.IsSigned(kind) ? bits - 2 : bits - 1;
                if (raw < 0 || raw > maxBit)
                {
                    _diagnostics.Add(DiagnosticCodes.BitFlagOutOfRange, "The bit_flags value '" + member.Name + "' is bit " + raw.ToString(CultureInfo.InvariantCulture) + ", but '" + SchemaType.ScalarName(kind) + "' holds bits 0 to " + maxBit.ToString(CultureInfo.InvariantCulture) + (SchemaType.IsSigned(kind) ? " (the sign bit is excluded; prefer an unsigned type for bit_flags)." : "."), member.Value?.Location ?? member.Location);
                    continue;
                }

                value = unchecked((long)(1UL << (int)raw));
            }
            else
            {
                if (!Numbers.FitsBits(kind, raw))
                {
                    _diagnostics.Add(DiagnosticCodes.EnumValueOutOfRange, "The implicit value of '" + member.Name + "' does not fit the underlying type '" + SchemaType.ScalarName(kind) + "'.", member.Location);
                    continue;
                }

                value = raw;
            }

            next = unchecked(raw + 1);
            nextOverflows = kind == ScalarKind.ULong ? unchecked((ulong)raw) == ulong.MaxValue : raw == long.MaxValue;
            var definitionValue = new EnumValueDefinition(member.Name, value, isUnsigned, member.Documentation, ConvertAttributes(member.Attributes), member.Location) { Enum = definition };
            if (names.ContainsKey(member.Name))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateEnumValueName, "The enum '" + definition.Name + "' already has a value named '" + member.Name + "'.", member.Location);
                continue;
            }

            if (numbers.TryGetValue(value, out var same))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateEnumValue, "The values '" + same.Name + "' and '" + member.Name + "' of enum '" + definition.Name + "' are both " + definitionValue.ValueText + "; enum values must be unique.", member.Value?.Location ?? member.Location);
                continue;
            }

            names.Add(member.Name, definitionValue);
            numbers.Add(value, definitionValue);
            values.Add(definitionValue);
        }

        if (syntax.Members.Count == 0)
        {
            // As flatc's parser does (2.0.8 and 25.x): an enum without values gets NONE = 0, so fields of it have a valid default.
            values.Add(new EnumValueDefinition("NONE", 0, isUnsigned, Array.Empty<string>(), Array.Empty<SchemaAttribute>(), syntax.Location) { Enum = definition });
        }

        definition.Values = values;
    }

    private void BindUnion(UnionDefinition definition, Symbol symbol)
    {
        var syntax = symbol.Syntax;
        CheckAttributes(syntax.Attributes, symbol.Order);
        var members = new List<UnionMemberDefinition>(syntax.Members.Count + 1)
        {
            new("NONE", 0, null, false, Array.Empty<string>(), Array.Empty<SchemaAttribute>(), syntax.Location),
        };
        var names = _scratchUnionNames;
        names.Clear();
        names.Add("NONE", members[0]);
        var numbers = _scratchUnionNumbers;
        numbers.Clear();
        numbers.Add(0, members[0]);
        var memberTypes = _scratchUnionTypes;
        memberTypes.Clear();
        UnionMemberDefinition? stringMember = null;
        long next = 1;
        foreach (var member in syntax.Members)
        {
            CheckAttributes(member.Attributes, symbol.Order);
            var typeSyntax = member.Type!;
            SchemaType? type = null;
            if (typeSyntax.Name == "string")
            {
                type = SchemaType.StringType;
            }
            else if (typeSyntax.Name is not null)
            {
                var target = Lookup(typeSyntax.Name, syntax.Namespace);
                if (target is null)
                {
                    ReportUnknownType(typeSyntax.Name, syntax.Namespace, typeSyntax.Location);
                    continue;
                }

                type = target.Declaration switch
                {
                    TableDefinition t => SchemaType.ForTable(t),
                    StructDefinition s => SchemaType.ForStruct(s),
                    _ => null,
                };
            }

            if (type is null)
            {
                var shown = typeSyntax.Name ?? "a vector";
                _diagnostics.Add(DiagnosticCodes.InvalidUnionMember, "The union member '" + shown + "' must be a table, a struct or string.", typeSyntax.Location);
                continue;
            }

            long value = next;
            if (member.Value is { } valueSyntax)
            {
                if (valueSyntax.Kind != ValueKind.Integer || !Numbers.TryParseInteger(valueSyntax.Text, out var magnitude) || valueSyntax.Negative || magnitude > 255)
                {
                    _diagnostics.Add(DiagnosticCodes.EnumValueOutOfRange, "The union member value '" + valueSyntax.Display + "' must be an integer from 1 to 255.", valueSyntax.Location);
                    continue;
                }

                value = (long)magnitude;
            }
            else if (value > 255)
            {
                _diagnostics.Add(DiagnosticCodes.EnumValueOutOfRange, "The union '" + definition.Name + "' has more than 255 members; its type code is a ubyte.", member.Location);
                continue;
            }

            next = value + 1;
            if (!member.IsAlias)
            {
                var duplicate = type.Definition is { } d ? (memberTypes.TryGetValue(d, out var existing) ? existing : null) : stringMember;
                if (duplicate is not null)
                {
                    _diagnostics.Add(DiagnosticCodes.DuplicateUnionMember, "The type '" + typeSyntax.Name + "' is already a member of union '" + definition.Name + "' (as '" + duplicate.Name + "'); use an alias ('Alias: " + typeSyntax.Name + "') to add it twice.", typeSyntax.Location);
                    continue;
                }
            }

            if (names.ContainsKey(member.Name))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateEnumValueName, "The union '" + definition.Name + "' already has a member named '" + member.Name + "'; give one of them an alias ('Alias: Type').", member.Location);
                continue;
            }

            if (numbers.TryGetValue(value, out var same))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateEnumValue, "The members '" + same.Name + "' and '" + member.Name + "' of union '" + definition.Name + "' are both " + value.ToString(CultureInfo.InvariantCulture) + "; union values must be unique.", member.Value?.Location ?? member.Location);
                continue;
            }

            var definitionMember = new UnionMemberDefinition(member.Name, value, type, member.IsAlias, member.Documentation, ConvertAttributes(member.Attributes), member.Location);
            if (!member.IsAlias)
            {
                if (type.Definition is { } declaration)
                {
                    memberTypes.Add(declaration, definitionMember);
                }
                else
                {
                    stringMember = definitionMember;
                }
            }

            names.Add(member.Name, definitionMember);
            numbers.Add(value, definitionMember);
            members.Add(definitionMember);
        }

        definition.Members = members;
    }
}
