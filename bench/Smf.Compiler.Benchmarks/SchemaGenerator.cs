using System.Globalization;
using System.Text;

namespace Smf.Compiler.Benchmarks;

/// <summary>Generates a deterministic schema of about the requested number of lines using every construct.</summary>
internal static class SchemaGenerator
{
    public static string Generate(int targetLines)
    {
        var builder = new StringBuilder();
        var lines = 0;
        var group = 0;
        builder.Append("attribute \"priority\";\n");
        while (lines < targetLines)
        {
            var g = group.ToString(CultureInfo.InvariantCulture);
            var text =
                $"namespace bench.g{g};\n" +
                $"/// Colours of group {g}.\n" +
                $"enum Color{g} : ubyte {{ Red = 0, Green, Blue = 10, Alpha, }}\n" +
                $"enum Flags{g} : uint (bit_flags) {{ Read, Write, Exec, Admin = 31 }}\n" +
                $"struct Vec{g} {{\n  x: float;\n  y: float;\n  z: float;\n  tag: byte;\n}}\n" +
                $"struct Pose{g} (force_align: 16) {{\n  position: Vec{g};\n  flags: ubyte;\n  weights: [double:4];\n  color: Color{g};\n}}\n" +
                $"table Weapon{g} {{\n  name: string (id: 2);\n  damage: short = 5 (id: 1);\n  kind: uint (id: 0, hash: \"fnv1a_32\");\n}}\n" +
                $"union Equipment{g} {{ Weapon{g}, Spare: Weapon{g}, Vec{g}, Label: string }}\n" +
                $"/// A monster of group {g}.\n" +
                $"table Monster{g} (priority: 1) {{\n" +
                $"  /// Position in the world.\n" +
                $"  pos: Vec{g};\n  mana: short = 150;\n  hp: short = 100;\n  name: string (required, key);\n" +
                $"  inventory: [ubyte];\n  color: Color{g} = Blue;\n  flags: Flags{g} = \"Read Write\";\n" +
                $"  weapons: [Weapon{g}];\n  equipped: Equipment{g};\n  path: [Vec{g}];\n  ratio: double = nan;\n" +
                $"  optional_level: int = null;\n  old: long (deprecated);\n  nested: [ubyte] (nested_flatbuffer: \"Weapon{g}\");\n}}\n" +
                $"table Request{g} {{ key: string; value: [ubyte]; pose: Pose{g}; }}\n" +
                $"table Response{g} {{ ok: bool = true; monster: Monster{g}; }}\n" +
                $"rpc_service Store{g} {{\n  Put(Request{g}):Response{g};\n  Get(Request{g}):Response{g} (idempotent);\n  Watch(Request{g}):Response{g} (streaming: \"server\");\n}}\n";
            builder.Append(text);
            foreach (var c in text)
            {
                if (c == '\n')
                {
                    lines++;
                }
            }

            group++;
        }

        return builder.ToString();
    }
}
