namespace Smf.Compiler.CodeGen;

/// <summary>
/// The FlexBuffer verifier emitted (once per unit) when a reachable table has a <c>flexbuffer</c> field: the checks of
/// C++ <c>flexbuffers::Verifier</c> (byte widths, types, offsets backwards and in bounds, alignment, vector sizes and
/// type tables, map keys, string terminators, depth 64 and at most one vector per buffer byte).
/// </summary>
internal static class FlexSource
{
    /// <summary>The name of the <c>file ref struct</c>.</summary>
    public const string FlexVerifierStruct = "SmfGenerated__FlexVerifier";

    /// <summary>The emitted source.</summary>
    public const string Source = """
[global::System.CodeDom.Compiler.GeneratedCode("smfc", "1.0")]
file ref struct SmfGenerated__FlexVerifier
{
    private readonly global::System.ReadOnlySpan<byte> _buffer;
    private int _depth;
    private long _vectors;

    private SmfGenerated__FlexVerifier(global::System.ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _depth = 0;
        _vectors = 0;
    }

    // C++ flexbuffers::Verifier::VerifyBuffer: the root's byte width and packed type are the last two bytes.
    public static bool Verify(global::System.ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < 3)
        {
            return false;
        }

        var verifier = new SmfGenerated__FlexVerifier(buffer);
        int byteWidth = buffer[buffer.Length - 1];
        int packedType = buffer[buffer.Length - 2];
        long end = buffer.Length - 2;
        return IsWidth(byteWidth) && end >= byteWidth && verifier.Reference(end - byteWidth, byteWidth, 1 << (packedType & 3), packedType >> 2);
    }

    private static bool IsWidth(int width) => width == 1 || width == 2 || width == 4 || width == 8;

    private bool From(long position, ulong length) => position >= 0 && length < (ulong)_buffer.Length && (ulong)position <= (ulong)_buffer.Length - length;

    private bool Read(long position, int width, out ulong value)
    {
        value = 0;
        if (position < 0 || position + width > _buffer.Length)
        {
            return false;
        }

        for (int i = width - 1; i >= 0; i--)
        {
            value = (value << 8) | _buffer[(int)position + i];
        }

        return true;
    }

    private bool Reference(long data, int parentWidth, int byteWidth, int type)
    {
        if (!IsWidth(byteWidth) || type < 0 || type >= 37)
        {
            return false;
        }

        if (type <= 3 || type == 26)
        {
            return true;
        }

        if (!Read(data, parentWidth, out ulong offset) || offset > (ulong)_buffer.Length || offset > (ulong)data)
        {
            return false;
        }

        long p = data - (long)offset;
        if ((p & (byteWidth - 1)) != 0)
        {
            return false;
        }

        switch (type)
        {
            case 6: case 7: case 8: return From(p, (ulong)byteWidth);
            case 4: return Key(p);
            case 9: return Vector(p, byteWidth, type, 0) && Keys(p, byteWidth);
            case 10: return Vector(p, byteWidth, type, 0);
            case 11: return Vector(p, byteWidth, type, 1);
            case 12: case 36: case 25: return Vector(p, byteWidth, type, 2);
            case 13: return Vector(p, byteWidth, type, 3);
            case 14: case 15: return Vector(p, byteWidth, type, 4);
            case 5: return Vector(p, byteWidth, type, 2) && Terminator(p, byteWidth);
            case >= 16 and <= 24: return From(p, (ulong)(byteWidth * (((type - 16) / 3) + 2)));
            default: return false;
        }
    }

    private bool Vector(long p, int sizeWidth, int type, int elementType)
    {
        _depth++;
        _vectors++;
        if (_depth > 64 || _vectors > _buffer.Length || sizeWidth > p || !Read(p - sizeWidth, sizeWidth, out ulong count))
        {
            return false;
        }

        int elementWidth = type == 5 || type == 25 ? 1 : sizeWidth;
        if (count >= ulong.MaxValue / (ulong)elementWidth)
        {
            return false;
        }

        ulong byteSize = count * (ulong)elementWidth;
        if (!From(p, byteSize))
        {
            return false;
        }

        if (elementType == 0)
        {
            long types = p + (long)byteSize;
            if (!From(types, count))
            {
                return false;
            }

            for (long i = 0; i < (long)count; i++)
            {
                int packedType = _buffer[(int)(types + i)];
                if (!Reference(p + (i * elementWidth), elementWidth, 1 << (packedType & 3), packedType >> 2))
                {
                    return false;
                }
            }
        }
        else if (elementType == 4)
        {
            for (long i = 0; i < (long)count; i++)
            {
                if (!Reference(p + (i * elementWidth), elementWidth, 1, 4))
                {
                    return false;
                }
            }
        }

        _depth--;
        return true;
    }

    // A map stores its keys vector offset and key byte width in the three words before its values.
    private bool Keys(long p, int byteWidth)
    {
        if (byteWidth * 3L > p)
        {
            return false;
        }

        p -= byteWidth * 3L;
        if (!Read(p, byteWidth, out ulong offset) || offset > (ulong)_buffer.Length || offset > (ulong)p || !Read(p + byteWidth, byteWidth, out ulong width))
        {
            return false;
        }

        int keyWidth = (byte)width;
        return IsWidth(keyWidth) && Vector(p - (long)offset, keyWidth, 14, 4);
    }

    private bool Key(long p)
    {
        for (long i = p; i < _buffer.Length; i++)
        {
            if (_buffer[(int)i] == 0)
            {
                return true;
            }
        }

        return false;
    }

    private bool Terminator(long p, int byteWidth) => Read(p - byteWidth, byteWidth, out ulong length) && length < long.MaxValue && From(p, length + 1);
}
""";
}
