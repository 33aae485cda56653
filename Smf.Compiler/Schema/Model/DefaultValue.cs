using System.Globalization;

namespace Smf.Compiler.Schema;

/// <summary>The typed default of a field (implicit zero when the schema gives none).</summary>
public sealed class DefaultValue
{
    internal static readonly DefaultValue NoneValue = new(DefaultValueKind.None, ScalarKind.None, 0, 0, false, Array.Empty<EnumValueDefinition>(), false);
    internal static readonly DefaultValue NullValue = new(DefaultValueKind.Null, ScalarKind.None, 0, 0, false, Array.Empty<EnumValueDefinition>(), false);

    internal DefaultValue(DefaultValueKind kind, ScalarKind scalar, long integerBits, double floatValue, bool boolValue, IReadOnlyList<EnumValueDefinition> enumValues, bool isExplicit)
    {
        Kind = kind;
        Scalar = scalar;
        IntegerBits = integerBits;
        Float = floatValue;
        Bool = boolValue;
        EnumValues = enumValues;
        IsExplicit = isExplicit;
    }

    /// <summary>What the default holds.</summary>
    public DefaultValueKind Kind { get; }

    /// <summary>The scalar kind of the field (the underlying type for enums); <see cref="ScalarKind.None"/> for none and null.</summary>
    public ScalarKind Scalar { get; }

    /// <summary>For <see cref="DefaultValueKind.Integer"/>: the value's 64 bits (a <c>ulong</c> above long.MaxValue appears negative; see <see cref="UnsignedInteger"/>).</summary>
    public long IntegerBits { get; }

    /// <summary>For <see cref="DefaultValueKind.Integer"/>: the bits read as unsigned.</summary>
    public ulong UnsignedInteger => unchecked((ulong)IntegerBits);

    /// <summary>
    /// For <see cref="DefaultValueKind.Float"/>: the value (NaN and infinities allowed). <c>nan</c> is the quiet NaN
    /// with the sign bit clear (0x7FF8000000000000, C's <c>NAN</c>; .NET's <c>double.NaN</c> has the sign bit set),
    /// <c>-nan</c> the same with the sign bit set.
    /// </summary>
    public double Float { get; }

    /// <summary>For <see cref="DefaultValueKind.Bool"/>: the value.</summary>
    public bool Bool { get; }

    /// <summary>For enum fields: the enum values the default names (one, several ORed for bit_flags, or none when the number is not a declared value).</summary>
    public IReadOnlyList<EnumValueDefinition> EnumValues { get; }

    /// <summary>True when the schema wrote <c>= value</c>; false for the implicit zero/false default.</summary>
    public bool IsExplicit { get; }

    /// <summary>The value as text: decimal integer, round-trip float (<c>nan</c>, <c>inf</c>, <c>-inf</c>), <c>true</c>/<c>false</c>, <c>null</c>, or empty for none.</summary>
    /// <returns>The invariant text.</returns>
    public override string ToString() => Kind switch
    {
        DefaultValueKind.Null => "null",
        DefaultValueKind.Bool => Bool ? "true" : "false",
        DefaultValueKind.Integer => Scalar == ScalarKind.ULong ? UnsignedInteger.ToString(CultureInfo.InvariantCulture) : IntegerBits.ToString(CultureInfo.InvariantCulture),
        DefaultValueKind.Float => double.IsNaN(Float) ? "nan" : double.IsPositiveInfinity(Float) ? "inf" : double.IsNegativeInfinity(Float) ? "-inf" : Float.ToString("R", CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}
