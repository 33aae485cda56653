namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    /// <summary>Types an explicit default; null (after reporting) when it is not allowed or does not fit.</summary>
    private DefaultValue? BindDefault(ValueSyntax value, SchemaType type, string fieldName)
    {
        if (value.Kind == ValueKind.Identifier && value.Text == "null" && !value.Negative)
        {
            if (type.IsScalar)
            {
                return DefaultValue.NullValue;
            }
        }

        if (!type.IsScalar)
        {
            if (type.Kind == SchemaTypeKind.Union && IsNoneDefault(value))
            {
                return DefaultValue.NoneValue;
            }

            _diagnostics.Add(DiagnosticCodes.DefaultOnNonScalar, "Only scalar and enum fields can have a default; remove '= " + value.Display + "' from the " + type + " field '" + fieldName + "'.", value.Location);
            return null;
        }

        var kind = type.Scalar;
        var none = Array.Empty<EnumValueDefinition>();
        if (type.Enum is { } enumDefinition)
        {
            return BindEnumDefault(value, enumDefinition, fieldName);
        }

        if (kind == ScalarKind.Bool)
        {
            if (value.Kind == ValueKind.Identifier && !value.Negative && (value.Text == "true" || value.Text == "false"))
            {
                return new DefaultValue(DefaultValueKind.Bool, kind, 0, 0, value.Text == "true", none, true);
            }

            if (value.Kind == ValueKind.Integer && !value.Negative && Numbers.TryParseInteger(value.Text, out var bit) && bit <= 1)
            {
                return new DefaultValue(DefaultValueKind.Bool, kind, 0, 0, bit == 1, none, true);
            }

            return InvalidDefault(value, type, fieldName);
        }

        if (kind is ScalarKind.Float or ScalarKind.Double)
        {
            double number;
            if (value.Kind == ValueKind.Identifier)
            {
                if (value.Text == "nan")
                {
                    // The quiet NaN C and flatc mean by 'nan' (sign bit clear; .NET's double.NaN has it set), '-nan' with the sign.
                    number = BitConverter.Int64BitsToDouble(value.Negative ? unchecked((long)0xFFF8000000000000UL) : 0x7FF8000000000000L);
                }
                else if (value.Text == "inf" || value.Text == "infinity")
                {
                    number = value.Negative ? double.NegativeInfinity : double.PositiveInfinity;
                }
                else
                {
                    return InvalidDefault(value, type, fieldName);
                }
            }
            else if (value.Kind == ValueKind.Integer && value.Text.Length > 1 && (value.Text[1] == 'x' || value.Text[1] == 'X'))
            {
                // A hexadecimal float needs its 'p' exponent (0x1p4); a bare hex integer is not a float constant.
                return InvalidDefault(value, type, fieldName);
            }
            else if ((value.Kind == ValueKind.Integer || value.Kind == ValueKind.Float) && Numbers.TryParseFloat(value.Text, out number))
            {
                number = value.Negative ? -number : number;
            }
            else if (value.Kind == ValueKind.Integer && Numbers.TryParseInteger(value.Text, out var integer))
            {
                number = value.Negative ? -(double)integer : integer;
            }
            else
            {
                return InvalidDefault(value, type, fieldName);
            }

            if (kind == ScalarKind.Float)
            {
                number = (float)number;
            }

            return new DefaultValue(DefaultValueKind.Float, kind, 0, number, false, none, true);
        }

        if (value.Kind == ValueKind.Integer && Numbers.TryParseInteger(value.Text, out var magnitude) && Numbers.FitsInteger(kind, value.Negative, magnitude, out var bits))
        {
            return new DefaultValue(DefaultValueKind.Integer, kind, bits, 0, false, none, true);
        }

        return InvalidDefault(value, type, fieldName);
    }

    private static bool IsNoneDefault(ValueSyntax value) =>
        !value.Negative && ((value.Kind == ValueKind.Identifier && value.Text == "NONE") || (value.Kind == ValueKind.Integer && Numbers.TryParseInteger(value.Text, out var zero) && zero == 0));

    private DefaultValue? BindEnumDefault(ValueSyntax value, EnumDefinition enumDefinition, string fieldName)
    {
        var kind = enumDefinition.UnderlyingType;
        if (value.Kind == ValueKind.Integer)
        {
            if (Numbers.TryParseInteger(value.Text, out var magnitude) && Numbers.FitsInteger(kind, value.Negative, magnitude, out var bits))
            {
                var matches = MatchEnumBits(enumDefinition, bits);
                if (matches is null)
                {
                    _diagnostics.Add(DiagnosticCodes.DefaultNotInEnum, "The default '" + value.Display + "' of field '" + fieldName + "' is not a value of enum '" + enumDefinition.Name + "'.", value.Location);
                    return null;
                }

                return new DefaultValue(DefaultValueKind.Integer, kind, bits, 0, false, matches, true);
            }

            return InvalidDefault(value, SchemaType.ForEnum(enumDefinition), fieldName);
        }

        if (value.Kind == ValueKind.Identifier && !value.Negative)
        {
            var name = value.Text;
            var prefix = enumDefinition.Name + ".";
            if (name.StartsWith(enumDefinition.FullName + ".", StringComparison.Ordinal))
            {
                name = name.Substring(enumDefinition.FullName.Length + 1);
            }
            else if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
            }

            var found = enumDefinition.FindValue(name);
            if (found is null)
            {
                _diagnostics.Add(DiagnosticCodes.DefaultNotInEnum, "The default '" + value.Text + "' of field '" + fieldName + "' is not a value of enum '" + enumDefinition.Name + "'.", value.Location);
                return null;
            }

            return new DefaultValue(DefaultValueKind.Integer, kind, found.Value, 0, false, new[] { found }, true);
        }

        if (value.Kind == ValueKind.String)
        {
            var parts = value.Text.Split(' ');
            if (parts.Length > 1 && !enumDefinition.IsBitFlags)
            {
                return InvalidDefault(value, SchemaType.ForEnum(enumDefinition), fieldName);
            }

            long bits = 0;
            var values = new EnumValueDefinition[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                var found = enumDefinition.FindValue(parts[i]);
                if (found is null)
                {
                    _diagnostics.Add(DiagnosticCodes.DefaultNotInEnum, "'" + parts[i] + "' in the default of field '" + fieldName + "' is not a value of enum '" + enumDefinition.Name + "'.", value.Location);
                    return null;
                }

                values[i] = found;
                bits |= found.Value;
            }

            return new DefaultValue(DefaultValueKind.Integer, kind, bits, 0, false, values, true);
        }

        return InvalidDefault(value, SchemaType.ForEnum(enumDefinition), fieldName);
    }

    /// <summary>
    /// The enum values a number stands for: the value itself, or for bit_flags the flags whose bits are set (any
    /// in-range number is accepted for bit_flags, as flatc does); null when a plain enum has no such value.
    /// </summary>
    private static IReadOnlyList<EnumValueDefinition>? MatchEnumBits(EnumDefinition definition, long bits)
    {
        foreach (var candidate in definition.Values)
        {
            if (candidate.Value == bits)
            {
                return new[] { candidate };
            }
        }

        if (!definition.IsBitFlags)
        {
            return null;
        }

        var result = new List<EnumValueDefinition>();
        foreach (var candidate in definition.Values)
        {
            if ((bits & candidate.Value) == candidate.Value && candidate.Value != 0)
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private DefaultValue? InvalidDefault(ValueSyntax value, SchemaType type, string fieldName)
    {
        _diagnostics.Add(DiagnosticCodes.InvalidDefault, "The default '" + value.Display + "' of field '" + fieldName + "' is not a valid " + type + " value.", value.Location);
        return null;
    }
}
