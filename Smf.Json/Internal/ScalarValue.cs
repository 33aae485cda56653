using Smf.Compiler.Schema;

namespace Smf.Json.Internal;

/// <summary>A parsed scalar: the 64 bits of an integer, bool or enum (sign-extended for signed kinds), or a floating-point value.</summary>
internal readonly record struct ScalarValue(long Bits, double Float)
{
    public static ScalarValue Integer(long bits) => new(bits, 0);

    public static ScalarValue FloatingPoint(double value) => new(0, value);

    public static bool IsFloatingPoint(ScalarKind kind) => kind is ScalarKind.Float or ScalarKind.Double;
}
