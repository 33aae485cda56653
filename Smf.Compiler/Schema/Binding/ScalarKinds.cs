namespace Smf.Compiler.Schema;

internal static class ScalarKinds
{
    /// <summary>Maps a scalar keyword or alias (int32, float64, ...) to its kind; <see cref="ScalarKind.None"/> otherwise.</summary>
    public static ScalarKind FromName(string name)
    {
        switch (name)
        {
            case "bool": return ScalarKind.Bool;
            case "byte":
            case "int8": return ScalarKind.Byte;
            case "ubyte":
            case "uint8": return ScalarKind.UByte;
            case "short":
            case "int16": return ScalarKind.Short;
            case "ushort":
            case "uint16": return ScalarKind.UShort;
            case "int":
            case "int32": return ScalarKind.Int;
            case "uint":
            case "uint32": return ScalarKind.UInt;
            case "long":
            case "int64": return ScalarKind.Long;
            case "ulong":
            case "uint64": return ScalarKind.ULong;
            case "float":
            case "float32": return ScalarKind.Float;
            case "double":
            case "float64": return ScalarKind.Double;
            default: return ScalarKind.None;
        }
    }
}
