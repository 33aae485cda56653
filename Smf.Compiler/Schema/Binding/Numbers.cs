using System.Globalization;

namespace Smf.Compiler.Schema;

/// <summary>Number parsing for schema constants (decimal and 0x hex integers, decimal and hex floats).</summary>
internal static class Numbers
{
    /// <summary>Parses an unsigned integer literal (decimal or 0x hex, no sign); false on overflow or bad text.</summary>
    public static bool TryParseInteger(string text, out ulong value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            for (var i = 2; i < text.Length; i++)
            {
                var c = text[i];
                var digit = Lexer.HexDigitValue(c);
                if (digit < 0)
                {
                    return false;
                }

                if (value > (ulong.MaxValue >> 4))
                {
                    return false;
                }

                value = (value << 4) | (uint)digit;
            }

            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '0' || c > '9')
            {
                return false;
            }

            var digit = (ulong)(c - '0');
            if (value > (ulong.MaxValue - digit) / 10)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    /// <summary>Parses a float or integer literal (no sign) to a double.</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            return TryParseHexFloat(text, out value);
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'))
            {
                return false;
            }
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseHexFloat(string text, out double value)
    {
        value = 0;
        var i = 2;
        double mantissa = 0;
        var exponentAdjust = 0;
        var digits = 0;
        var seenDot = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                if (seenDot)
                {
                    return false;
                }

                seenDot = true;
                continue;
            }

            var digit = Lexer.HexDigitValue(c);
            if (digit < 0)
            {
                break;
            }

            digits++;
            mantissa = (mantissa * 16) + digit;
            if (seenDot)
            {
                exponentAdjust -= 4;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        var exponent = 0;
        if (i < text.Length)
        {
            if (text[i] != 'p' && text[i] != 'P')
            {
                return false;
            }

            i++;
            var negative = false;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                negative = text[i] == '-';
                i++;
            }

            if (i >= text.Length)
            {
                return false;
            }

            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                exponent = Math.Min(100000, (exponent * 10) + (c - '0'));
            }

            if (negative)
            {
                exponent = -exponent;
            }
        }
        else if (seenDot)
        {
            return false;
        }

        value = mantissa * Math.Pow(2, exponent + exponentAdjust);
        return true;
    }

    /// <summary>Checks that a signed value fits in an integer scalar kind; returns the 64 bits.</summary>
    public static bool FitsInteger(ScalarKind kind, bool negative, ulong magnitude, out long bits)
    {
        bits = 0;
        var size = SchemaType.ScalarSize(kind) * 8;
        if (kind == ScalarKind.Bool)
        {
            size = 1;
        }

        if (SchemaType.IsSigned(kind))
        {
            var max = (1UL << (size - 1)) - 1;
            if (negative)
            {
                if (magnitude > max + 1)
                {
                    return false;
                }

                bits = unchecked(-(long)magnitude);
                return true;
            }

            if (magnitude > max)
            {
                return false;
            }

            bits = (long)magnitude;
            return true;
        }

        if (negative && magnitude != 0)
        {
            return false;
        }

        var unsignedMax = size == 64 ? ulong.MaxValue : (1UL << size) - 1;
        if (magnitude > unsignedMax)
        {
            return false;
        }

        bits = unchecked((long)magnitude);
        return true;
    }

    /// <summary>Checks that 64 bits (sign-extended for signed kinds, raw for unsigned) hold a value of the integer kind.</summary>
    public static bool FitsBits(ScalarKind kind, long bits)
    {
        var size = SchemaType.ScalarSize(kind) * 8;
        if (size == 64)
        {
            return true;
        }

        if (SchemaType.IsSigned(kind))
        {
            var max = (1L << (size - 1)) - 1;
            return bits >= -max - 1 && bits <= max;
        }

        return bits >= 0 && bits < (1L << size);
    }
}
