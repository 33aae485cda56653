namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>everything.fbs with a probe that calls the generated accessors directly (spans, keys, nested buffers, allocations).</summary>
internal static class EverythingSchema
{
    public const string Name = "everything.fbs";

    public static GeneratedSchema Load() => GeneratedSchema.Load(Name, Probe);

    /// <summary>
    /// A copy of the schema that flatc 2.0.8 can print as JSON: it prints no vectors of unions and no unions of structs
    /// or strings, so those fields become plain fields in the same slots (buffers must leave them absent).
    /// </summary>
    public static string JsonPrintableSchemaPath() => Variant(line => line);

    /// <summary>
    /// The flatc-printable copy for flatc's C# generator, which also needs <c>byte_buffer</c> renamed (flatc's C#
    /// would emit a property colliding with its own ByteBuffer member; the binary layout is the same).
    /// </summary>
    public static string FlatcCSharpSchemaPath() => Variant(line => line.Replace("  byte_buffer: int;", "  byte_buffer_value: int;"));

    private static string Variant(Func<string, string> change)
    {
        var lines = File.ReadAllLines(Schemas.PathOf(Name))
            .Where(line => !line.StartsWith("union Payload", StringComparison.Ordinal))
            .Select(line => change(line.Replace("  gear: [Equipment];", "  gear_type: [ubyte]; gear: [Empty];").Replace("  payload: Payload;", "  payload_type: ubyte; payload: Empty;")))
            .ToArray();
        var text = string.Join("\n", lines);
        var path = Path.Combine(OracleTools.CacheDirectory("json-schema-" + OracleTools.Hash(text)), Name);
        if (!File.Exists(path))
        {
            File.WriteAllText(path, text);
        }

        return path;
    }

    private const string Probe = """
using Test.Everything;
using Google.FlatBuffers;

public static class Probe
{
    public static string? WeaponByKey(byte[] buffer, string key)
    {
        var monster = Monster.GetRootAsMonster(new ByteBuffer(buffer));
        var weapon = monster.WeaponsByKey(key);
        return weapon.HasValue ? weapon.Value.Name + ":" + weapon.Value.Damage : null;
    }

    public static long? StatByKey(byte[] buffer, uint key)
    {
        var stat = Monster.GetRootAsMonster(new ByteBuffer(buffer)).StatsByKey(key);
        return stat.HasValue ? stat.Value.Value : null;
    }

    public static string? NestedName(byte[] buffer)
    {
        var nested = Monster.GetRootAsMonster(new ByteBuffer(buffer)).GetNestedAsMonster();
        return nested.HasValue ? nested.Value.Name : null;
    }

    public static byte[] NameBytes(byte[] buffer) => Monster.GetRootAsMonster(new ByteBuffer(buffer)).GetNameBytes().ToArray();

    public static byte[] InventoryBytes(byte[] buffer) => Monster.GetRootAsMonster(new ByteBuffer(buffer)).GetInventoryBytes().ToArray();

    // Reads scalars, a string's bytes, vector elements and a struct through the accessors and returns the bytes allocated.
    public static long AllocatedByReads(byte[] buffer, int rounds)
    {
        var bb = new ByteBuffer(buffer);
        long sum = 0;
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < rounds; r++)
        {
            var monster = Monster.GetRootAsMonster(bb);
            sum += monster.Hp + monster.Mana + monster.GetNameBytes().Length + monster.InventoryLength + (long)monster.Testf;
            for (int i = 0; i < monster.InventoryLength; i++) { sum += monster.Inventory(i); }
            var pos = monster.Pos;
            if (pos.HasValue) { sum += (long)pos.Value.X; }
            sum += monster.GetInventoryBytes().Length;
        }

        long after = System.GC.GetAllocatedBytesForCurrentThread();
        return sum == long.MinValue ? -1 : after - before;
    }

    // Builds a Monster with the builder statics only (CreateX, vector creators, sorted vectors, unions, structs).
    public static byte[] BuildWithStatics()
    {
        var builder = new FlatBufferBuilder(16);
        var sword = Weapon.CreateWeapon(builder, builder.CreateString("sword"), 9);
        var axe = Weapon.CreateWeapon(builder, builder.CreateString("axe"), 3);
        var weapons = Weapon.CreateSortedVectorOfWeapon(builder, new[] { sword, axe });
        var stat = Stat.CreateStat(builder, 7, -70);
        var gearTypes = Monster.CreateGearTypeVector(builder, new[] { Equipment.Stat, Equipment.Weapon });
        var gear = Monster.CreateGearVector(builder, new[] { stat.Value, sword.Value });
        var inventory = Monster.CreateInventoryVector(builder, new System.ReadOnlySpan<byte>(new byte[] { 1, 2, 3 }));
        var kinds = Monster.CreateKindsVector(builder, new[] { Kind.Big, Kind.One });
        var doubles = Monster.CreateDoublesVectorBlock(builder, new[] { 0.5, -2.25 });
        var tags = Monster.CreateTagsVector(builder, new[] { builder.CreateString("t1"), builder.CreateString(string.Empty) });
        Monster.StartPathVector(builder, 2);
        Vec3.CreateVec3(builder, 4, 5, 6);
        Vec3.CreateVec3(builder, 1, 2, 3);
        var path = builder.EndVector();
        var name = builder.CreateString("built");
        var label = builder.CreateString("label");
        var arrays = new WithArraysT { Ints = new[] { 1, 2, 3 }, Tail = 9 };
        arrays.Vecs[1].Z = 8;
        var monster = Monster.CreateMonster(builder, pos: new Vec3T { X = 1, Y = 2, Z = 3 }, hp: 80, nameOffset: name,
            inventoryOffset: inventory, color: Color.Red | Color.Green, weaponsOffset: weapons, equippedType: Equipment.Weapon,
            equippedOffset: axe.Value, pathOffset: path, tagsOffset: tags, optInt: 0, kindsOffset: kinds,
            gearTypeOffset: gearTypes, gearOffset: gear, mixed: new MixedT { A = -1, B = long.MaxValue, C = -2 },
            aligned: new AlignedT { V = new Vec3T { X = 7 }, K = Kind.Big }, arrays: arrays, @class: 5, byteBuffer: 6,
            payloadType: Payload.Label, payloadOffset: label.Value, doublesOffset: doubles, sign: Sign.Max);
        Monster.FinishMonsterBuffer(builder, monster);
        return builder.SizedByteArray();
    }

    // Writes a Mixed struct into a reused builder whose buffer holds 0xFF garbage and returns the struct's 24 bytes.
    public static byte[] MixedOverGarbage()
    {
        var builder = new FlatBufferBuilder(64);
        builder.StartVector(1, 48, 8);
        for (int i = 0; i < 48; i++) { builder.AddByte(0xFF); }
        builder.EndVector();
        builder.Clear();
        Mixed.CreateMixed(builder, -2, 0x0102030405060708, 0x0A0B);
        return builder.DataBuffer.ToArray<byte>(builder.DataBuffer.Length - builder.Offset, 24);
    }

    public static long AllocatedByVerify(byte[] buffer, int rounds)
    {
        bool all = true;
        long before = System.GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < rounds; r++) { all &= Monster.Verify(buffer); }
        long after = System.GC.GetAllocatedBytesForCurrentThread();
        return all ? after - before : -1;
    }

    public static byte[] DeepChain(int depth)
    {
        var root = new MonsterT { Name = "0" };
        var current = root;
        for (int i = 1; i < depth; i++)
        {
            current.Enemy = new MonsterT { Name = i.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            current = current.Enemy;
        }

        return root.SerializeToBinary();
    }

    public static byte[] WithNested(byte[] inner)
    {
        var outer = new MonsterT { Name = "outer", Nested = new System.Collections.Generic.List<byte>(inner) };
        return outer.SerializeToBinary();
    }

    public static byte[] Large(int inventory, int weapons)
    {
        var monster = new MonsterT { Name = "large", Inventory = new System.Collections.Generic.List<byte>(), Weapons = new System.Collections.Generic.List<WeaponT>() };
        for (int i = 0; i < inventory; i++) { monster.Inventory.Add((byte)i); }
        for (int i = 0; i < weapons; i++) { monster.Weapons.Add(new WeaponT { Name = "w" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), Damage = (short)i }); }
        monster.Enemy = new MonsterT { Name = "after the big vectors", Hp = 7 };
        return monster.SerializeToBinary();
    }

    public static bool GoogleReadsDefaults(byte[] buffer)
    {
        var monster = Monster.GetRootAsMonster(new ByteBuffer(buffer));
        return float.IsNaN(monster.NanDefault) && double.IsPositiveInfinity(monster.InfDefault) && double.IsNegativeInfinity(monster.NinfDefault)
            && monster.MinLong == long.MinValue && monster.MaxUlong == ulong.MaxValue && monster.MinByte == sbyte.MinValue
            && monster.Sign == Sign.Min && monster.Color == Color.Blue && monster.Testf == 3.5f && monster.OptInt is null && monster.OptKind is null;
    }
}
""";
}
