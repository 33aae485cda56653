namespace Smf.Compiler.Schema;

/// <summary>The FlatBuffers scalar types (aliases such as <c>int32</c> map to the same kind).</summary>
public enum ScalarKind
{
    /// <summary>Not a scalar.</summary>
    None = 0,

    /// <summary><c>bool</c>: 1 byte.</summary>
    Bool,

    /// <summary><c>byte</c> / <c>int8</c>.</summary>
    Byte,

    /// <summary><c>ubyte</c> / <c>uint8</c>.</summary>
    UByte,

    /// <summary><c>short</c> / <c>int16</c>.</summary>
    Short,

    /// <summary><c>ushort</c> / <c>uint16</c>.</summary>
    UShort,

    /// <summary><c>int</c> / <c>int32</c>.</summary>
    Int,

    /// <summary><c>uint</c> / <c>uint32</c>.</summary>
    UInt,

    /// <summary><c>long</c> / <c>int64</c>.</summary>
    Long,

    /// <summary><c>ulong</c> / <c>uint64</c>.</summary>
    ULong,

    /// <summary><c>float</c> / <c>float32</c>.</summary>
    Float,

    /// <summary><c>double</c> / <c>float64</c>.</summary>
    Double,
}
