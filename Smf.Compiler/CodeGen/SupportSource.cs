namespace Smf.Compiler.CodeGen;

/// <summary>
/// The fixed C# text emitted once into every generated unit: <c>file</c>-scoped helper types, so several generated
/// units in one project never collide and the generated code needs nothing but Google.FlatBuffers and the BCL.
/// </summary>
internal static class SupportSource
{
    /// <summary>The name of the <c>file static class</c> with reading and sorting helpers.</summary>
    public const string SupportClass = "SmfGenerated__Support";

    /// <summary>The name of the <c>file ref struct</c> that verifies buffers.</summary>
    public const string VerifierStruct = "SmfGenerated__Verifier";

    /// <summary>Helpers used by accessors and builders.</summary>
    public const string Support = """
[global::System.CodeDom.Compiler.GeneratedCode("smfc", "1.0")]
file static class SmfGenerated__Support
{
    // The vtable holds unsigned 16-bit entries; reading them unsigned keeps fields past byte 32767 of a table readable.
    [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int Field(global::Google.FlatBuffers.ByteBuffer bb, int table, int vtableOffset)
    {
        int vtable = table - bb.GetInt(table);
        return vtableOffset < bb.GetUshort(vtable) ? bb.GetUshort(vtable + vtableOffset) : 0;
    }

    public static global::System.ReadOnlySpan<byte> Bytes(global::Google.FlatBuffers.ByteBuffer bb, int position, int length)
    {
        global::System.ArraySegment<byte> segment = bb.ToArraySegment(position, length);
        return new global::System.ReadOnlySpan<byte>(segment.Array, segment.Offset, segment.Count);
    }

    // The bytes of the string whose offset is stored at 'position'.
    public static global::System.ReadOnlySpan<byte> StringBytes(global::Google.FlatBuffers.ByteBuffer bb, int position)
    {
        int start = position + bb.GetInt(position);
        return Bytes(bb, start + 4, bb.GetInt(start));
    }

    // The table position of a table written into a builder (offsets count from the end of the builder's buffer).
    public static int BuilderTable(global::Google.FlatBuffers.ByteBuffer bb, int offset) => bb.Length - offset;

    public static global::System.ReadOnlySpan<byte> Utf8(string value)
    {
        return global::System.Text.Encoding.UTF8.GetBytes(value);
    }

    public static void PutBytes(global::Google.FlatBuffers.FlatBufferBuilder builder, global::System.ReadOnlySpan<byte> data)
    {
        for (int i = data.Length - 1; i >= 0; i--)
        {
            builder.PutByte(data[i]);
        }
    }

    public static byte[] Copy(global::System.ReadOnlySpan<byte> buffer) => buffer.ToArray();

    // FlatBufferBuilder.Required reads past a vtable trimmed before the field; this checks the vtable size first.
    public static void Required(global::Google.FlatBuffers.FlatBufferBuilder builder, int offset, int vtableOffset, string field)
    {
        global::Google.FlatBuffers.ByteBuffer bb = builder.DataBuffer;
        int table = bb.Length - offset;
        int vtable = table - bb.GetInt(table);
        if (vtableOffset >= bb.GetUshort(vtable) || bb.GetUshort(vtable + vtableOffset) == 0)
        {
            throw new global::System.InvalidOperationException("The required field '" + field + "' is not set.");
        }
    }
}
""";

    /// <summary>
    /// The verifier core: the same checks, in the same order, as C++ <c>flatbuffers::Verifier</c> (bounds with
    /// <c>len &lt; size &amp;&amp; pos &lt;= size - len</c>, alignment relative to the buffer start, vtable size even and in
    /// bounds, offsets non-zero and non-negative, strings NUL-terminated, vector sizes below 2^31 - 1 bytes, depth 64,
    /// 1,000,000 tables). The generated per-table methods are appended to this struct.
    /// </summary>
    public const string VerifierCore = """
    private const int MaxBufferSize = int.MaxValue;
    private const int MaxDepth = 64;
    private const int MaxTables = 1000000;

    private readonly global::System.ReadOnlySpan<byte> _buffer;
    private int _depth;
    private int _tables;

    public SmfGenerated__Verifier(global::System.ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _depth = 0;
        _tables = 0;
        Error = null;
    }

    public string? Error;

    public bool Fail(string message)
    {
        Error ??= message;
        return false;
    }

    private bool InBounds(long position, long length) => length < _buffer.Length && position >= 0 && position <= _buffer.Length - length;

    private int ReadInt(long position) => global::System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(_buffer.Slice((int)position, 4));

    private int ReadUShort(long position) => global::System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Slice((int)position, 2));

    private static string At(long position) => position.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    public bool Check(long position, int size, int alignment, string what) => Check(position, size, alignment, string.Empty, what);

    // Messages are only built on failure ('prefix + what'), so a valid buffer verifies without allocating.
    public bool Check(long position, int size, int alignment, string prefix, string what)
    {
        if ((position & (alignment - 1)) != 0)
        {
            return Fail(prefix + what + " at byte " + At(position) + " is not aligned to " + At(alignment) + " bytes.");
        }

        return InBounds(position, size) || Fail(prefix + what + " at byte " + At(position) + " (" + At(size) + " bytes) is outside the buffer of " + At(_buffer.Length) + " bytes.");
    }

    // C++ Verifier::VerifyBufferFromStart: minimum size, optional file identifier, then the root offset.
    public bool Root(int start, string? identifier, string what, out long table)
    {
        table = 0;
        if (_buffer.Length >= MaxBufferSize)
        {
            return Fail("The buffer of " + At(_buffer.Length) + " bytes is not below the FlatBuffers maximum of 2^31 - 1 bytes.");
        }

        if (_buffer.Length < 12)
        {
            return Fail("The buffer of " + At(_buffer.Length) + " bytes is shorter than the 12 bytes of the smallest FlatBuffer.");
        }

        if (identifier is not null)
        {
            if (_buffer.Length < start + 8)
            {
                return Fail("The buffer is too short to hold the file identifier '" + identifier + "'.");
            }

            for (int i = 0; i < 4; i++)
            {
                if (_buffer[start + 4 + i] != (byte)identifier[i])
                {
                    return Fail("The buffer does not carry the file identifier '" + identifier + "' of " + what + ".");
                }
            }
        }

        return Offset(start, "The root offset", out table);
    }

    // C++ Verifier::VerifySizePrefixedBuffer: the uint32 prefix must equal the remaining length.
    public bool SizePrefix()
    {
        if (!Check(0, 4, 4, "The size prefix"))
        {
            return false;
        }

        long prefix = (uint)ReadInt(0);
        return prefix == _buffer.Length - 4L || Fail("The size prefix says " + At(prefix) + " bytes but " + At(_buffer.Length - 4L) + " bytes follow it.");
    }

    // C++ Verifier::VerifyOffset: an aligned, non-zero, non-negative uoffset whose target byte is in bounds.
    public bool Offset(long position, string what, out long target)
    {
        target = 0;
        if (!Check(position, 4, 4, what))
        {
            return false;
        }

        uint offset = (uint)ReadInt(position);
        if (offset == 0)
        {
            return Fail(what + " at byte " + At(position) + " is zero.");
        }

        if (offset > int.MaxValue)
        {
            return Fail(what + " at byte " + At(position) + " is " + At(offset) + ", above 2^31 - 1.");
        }

        target = position + offset;
        return InBounds(target, 1) || Fail(what + " at byte " + At(position) + " points to byte " + At(target) + ", outside the buffer.");
    }

    // The target of an element of a vector of offsets (C++ reads these without VerifyOffset).
    public long Element(long position) => position + (uint)ReadInt(position);

    // C++ Verifier::VerifyTableStart plus VerifyComplexity.
    public bool TableStart(long table, string what, out int vtable, out int vtableSize)
    {
        vtable = 0;
        vtableSize = 0;
        if (!Check(table, 4, 4, "The table ", what))
        {
            return false;
        }

        long vt = table - ReadInt(table);
        _depth++;
        _tables++;
        if (_depth > MaxDepth)
        {
            return Fail("The table " + what + " at byte " + At(table) + " is nested deeper than " + At(MaxDepth) + " levels.");
        }

        if (_tables > MaxTables)
        {
            return Fail("The buffer holds more than " + At(MaxTables) + " tables.");
        }

        if (!Check(vt, 2, 2, "The vtable of ", what))
        {
            return false;
        }

        int size = ReadUShort(vt);
        if ((size & 1) != 0)
        {
            return Fail("The vtable of " + what + " at byte " + At(vt) + " has the odd size " + At(size) + ".");
        }

        if (!InBounds(vt, size))
        {
            return Fail("The vtable of " + what + " at byte " + At(vt) + " (" + At(size) + " bytes) is outside the buffer.");
        }

        vtable = (int)vt;
        vtableSize = size;
        return true;
    }

    public bool TableEnd()
    {
        _depth--;
        return true;
    }

    // The field offset stored in the vtable for a vtable byte offset, 0 when absent.
    public int Field(int vtable, int vtableSize, int vtableOffset) => vtableOffset < vtableSize ? ReadUShort(vtable + vtableOffset) : 0;

    public bool Required(int fieldOffset, string what) => fieldOffset != 0 || Fail("The required field " + what + " is missing.");

    // C++ Verifier::VerifyVectorOrString: aligned length, size below the maximum, whole vector in bounds.
    public bool Vector(long position, int elementSize, string what, out int count)
    {
        count = 0;
        if (!Check(position, 4, 4, "The length of ", what))
        {
            return false;
        }

        long length = (uint)ReadInt(position);
        if (length >= MaxBufferSize / elementSize)
        {
            return Fail("The length " + At(length) + " of " + what + " at byte " + At(position) + " is too large.");
        }

        long byteSize = 4 + (elementSize * length);
        if (!InBounds(position, byteSize))
        {
            return Fail(what + " at byte " + At(position) + " (" + At(byteSize) + " bytes) is outside the buffer.");
        }

        count = (int)length;
        return true;
    }

    // C++ Verifier::VerifyString: a vector of bytes followed by an in-bounds NUL.
    public bool String(long position, string what)
    {
        if (!Vector(position, 1, what, out int length))
        {
            return false;
        }

        long end = position + 4 + length;
        if (!InBounds(end, 1))
        {
            return Fail("The string " + what + " at byte " + At(position) + " has no terminating NUL inside the buffer.");
        }

        return _buffer[(int)end] == 0 || Fail("The string " + what + " at byte " + At(position) + " is not NUL-terminated.");
    }

    public int UnionType(long position) => _buffer[(int)position];

    // C++ Verifier::VerifyNestedFlatBuffer: absent or at least 12 bytes, verified as a separate buffer.
    public global::System.ReadOnlySpan<byte> Nested(long position, int length) => _buffer.Slice((int)position + 4, length);

    public bool NestedResult(bool ok, string? error, string what)
    {
        return ok || Fail("The nested flatbuffer " + what + " is invalid: " + error);
    }
""";
}
