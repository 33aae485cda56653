namespace Smf.Cli.Tests.Json;

/// <summary>
/// JSON documents for Test.Everything.Monster as flatc prints them: keyed vectors already sorted, no field equal to
/// its default (flatc -b leaves those out, so they would not come back).
/// </summary>
internal static class Samples
{
    public static readonly string[] Printable =
    [
        """
        { "pos": {"x": 1, "y": 2.5, "z": -3}, "mana": 10, "name": "Orc", "inventory": [1, 2, 255], "color": "Red Blue",
          "weapons": [{"name": "axe"}, {"name": "sword", "damage": 7}], "equipped_type": "Stat", "equipped": {"id": 3, "value": -5},
          "path": [{"x": 1, "y": 2, "z": 3}], "tags": ["a", "ü €"], "opt_int": 0, "opt_kind": "Big", "min_long": 5,
          "kinds": ["One", "Big"], "mixed": {"a": 1, "b": 2, "c": 3}, "aligned": {"v": {"x": 1, "y": 1, "z": 1}, "k": "One"},
          "arrays": {"ints": [1, 2, 3], "vecs": [{"x": 1, "y": 2, "z": 3}, {"x": 4, "y": 5, "z": 6}], "tail": 9, "kinds": ["Zero", "Big"], "ok": true, "d": 1.5, "longs": [-1, 2]},
          "enemy": {"name": "Boss", "hp": 1000}, "stats": [{"id": 1, "value": 9}, {"id": 2}], "flags": [true, false],
          "doubles": [0.1, 1e300], "sign": "Max", "empty": {}, "testf": 1.25, "nested": {"name": "inner", "hp": 1} }
        """,
        """{ "name": "" }""",
        """
        { "name": "quote \" backslash \\ tab \t newline \n", "hp": -32768, "mana": 32767, "min_byte": 127, "max_ulong": 0,
          "min_long": 9223372036854775807, "sign": "Zero", "color": "Green", "class": -1, "byte_buffer": 2147483647,
          "equipped_type": "Weapon", "equipped": {"name": "bow", "damage": -1}, "inventory": [], "tags": [], "weapons": [],
          "enemy": {"name": "a", "enemy": {"name": "b", "enemy": {"name": "c", "testf": -0.25}}}, "doubles": [-0.5, 1e-300],
          "opt_kind": "Zero", "kinds": ["Zero"], "stats": [{"id": 0, "value": -9223372036854775808}, {"id": 4294967295, "value": 9223372036854775807}] }
        """,
    ];

    /// <summary>Vectors of unions and unions of structs and strings: flatc 2.0.8 cannot print these, the C++ verifier can check them.</summary>
    public static readonly string[] AdvancedUnions =
    [
        """
        { "name": "gear", "gear_type": ["Weapon", "Stat", "Weapon"], "gear": [{"name": "bow"}, {"id": 1, "value": 2}, {"name": "axe", "damage": 3}],
          "payload_type": "Pos", "payload": {"x": 7, "y": 8, "z": 9} }
        """,
        """{ "name": "label", "payload_type": "Label", "payload": "a label", "gear_type": [], "gear": [] }""",
        """{ "name": "weapon", "payload_type": "Weapon", "payload": {"name": "club", "damage": 2} }""",
    ];
}
