using System.Text;
using System.Text.Json.Nodes;
using Smf.CodeGen.Tests.Infrastructure;

namespace Smf.CodeGen.Tests.Oracle;

/// <summary>Accessor features and verifier limits, checked against the C++ verifier where it has a say.</summary>
[TestClass]
public sealed class AccessorOracleTests
{
    private static byte[] Serialize(GeneratedSchema schema, string json) =>
        schema.Serialize(schema.Json.ToObject(schema.Json.Canonical(ObjectJson.Parse(json), schema.Root), schema.Root));

    [TestMethod]
    public void Accessors_AbsentFields_ReturnSchemaDefaultsIncludingNaNInfinityAndExtremes()
    {
        var schema = EverythingSchema.Load();
        var buffer = Serialize(schema, """{"name": "defaults"}""");

        Assert.IsTrue((bool)schema.Probe("GoogleReadsDefaults", buffer)!);
        Assert.IsLessThan(64, buffer.Length, "Default values (NaN included) must not be written.");
    }

    [TestMethod]
    public void Pack_RequiredFieldMissing_ThrowsInvalidOperation()
    {
        var schema = EverythingSchema.Load();
        var monster = Activator.CreateInstance(schema.ClrType(schema.Root, objectApi: true))!;

        var error = Assert.ThrowsExactly<InvalidOperationException>(() => schema.Serialize(monster));

        Assert.Contains("'Test.Everything.Monster.name'", error.Message);
    }

    [TestMethod]
    public void Pack_OptionalScalarsSetToZero_WrittenAndReadBackAsZeroNotNull()
    {
        var schema = EverythingSchema.Load();
        var expected = schema.Json.Canonical(ObjectJson.Parse("""{"name": "optional", "opt_int": 0, "opt_kind": 0}"""), schema.Root);

        var buffer = schema.Serialize(schema.Json.ToObject(expected, schema.Root));

        Assert.IsNull(ObjectJson.Difference(expected, schema.Json.FromObject(schema.UnPack(buffer), schema.Root)));
        OracleTools.Require();
        var printed = ObjectJson.Parse(FlatcJson.ToJson(EverythingSchema.JsonPrintableSchemaPath(), [buffer])[0]);
        Assert.AreEqual(0, printed["opt_int"]!.GetValue<int>());
        Assert.IsNotNull(printed["opt_kind"]);
    }

    [TestMethod]
    public void CreateMonster_BuilderStatics_ReadBackAndAcceptedByCpp()
    {
        var schema = EverythingSchema.Load();

        var buffer = (byte[])schema.Probe("BuildWithStatics")!;

        var (ok, error) = schema.Verify(buffer);
        Assert.IsTrue(ok, error);
        var expected = schema.Json.Canonical(ObjectJson.Parse("""
            {"pos": {"x": 1, "y": 2, "z": 3}, "hp": 80, "name": "built", "inventory": [1, 2, 3], "color": 3,
             "weapons": [{"name": "axe", "damage": 3}, {"name": "sword", "damage": 9}], "equipped_type": "Weapon",
             "equipped": {"name": "axe", "damage": 3}, "path": [{"x": 1, "y": 2, "z": 3}, {"x": 4, "y": 5, "z": 6}],
             "tags": ["t1", ""], "opt_int": 0, "kinds": [60000, 1], "gear_type": ["Stat", "Weapon"],
             "gear": [{"id": 7, "value": -70}, {"name": "sword", "damage": 9}], "mixed": {"a": -1, "b": 9223372036854775807, "c": -2},
             "aligned": {"v": {"x": 7, "y": 0, "z": 0}, "k": 60000},
             "arrays": {"ints": [1, 2, 3], "vecs": [{"x": 0, "y": 0, "z": 0}, {"x": 0, "y": 0, "z": 8}], "tail": 9},
             "class": 5, "byte_buffer": 6, "payload_type": "Label", "payload": "label", "doubles": [0.5, -2.25], "sign": 9223372036854775807}
            """), schema.Root);
        Assert.IsNull(ObjectJson.Difference(expected, schema.Json.FromObject(schema.UnPack(buffer), schema.Root)));
        Assert.AreEqual("sword:9", schema.Probe("WeaponByKey", buffer, "sword"));
        OracleTools.Require();
        Assert.IsTrue(CppOracle.For(schema.SchemaPath, schema.Root).Verify([buffer])[0]);
    }

    [TestMethod]
    public void CreateStruct_ReusedBuilderWithGarbage_WritesExactLayoutWithZeroPadding()
    {
        var schema = EverythingSchema.Load();

        var bytes = (byte[])schema.Probe("MixedOverGarbage")!;

        // struct Mixed { a: byte; b: long; c: short; }: offsets 0, 8, 16; size 24; padding zero.
        CollectionAssert.AreEqual(
            new byte[] { 0xFE, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0x0B, 0x0A, 0, 0, 0, 0, 0, 0 },
            bytes);
    }

    [TestMethod]
    public void ByKey_PackedKeyedVectors_FindsEveryElementAndNothingElse()
    {
        var schema = EverythingSchema.Load();
        var buffer = Serialize(schema, """{"name": "k", "weapons": [{"name": "zeta", "damage": 1}, {"name": "alpha", "damage": 2}, {"name": "mid", "damage": 3}], "stats": [{"id": 4000000000, "value": -1}, {"id": 3, "value": 30}]}""");

        Assert.AreEqual("alpha:2", schema.Probe("WeaponByKey", buffer, "alpha"));
        Assert.AreEqual("mid:3", schema.Probe("WeaponByKey", buffer, "mid"));
        Assert.AreEqual("zeta:1", schema.Probe("WeaponByKey", buffer, "zeta"));
        Assert.IsNull(schema.Probe("WeaponByKey", buffer, "beta"));
        Assert.AreEqual(30L, schema.Probe("StatByKey", buffer, 3u));
        Assert.AreEqual(-1L, schema.Probe("StatByKey", buffer, 4000000000u));
        Assert.IsNull(schema.Probe("StatByKey", buffer, 5u));
    }

    [TestMethod]
    public void Bytes_StringAndScalarVector_ReturnTheUtf8AndRawBytes()
    {
        var schema = EverythingSchema.Load();
        var buffer = Serialize(schema, """{"name": "h\u00e9llo", "inventory": [1, 2, 255]}""");

        CollectionAssert.AreEqual(Encoding.UTF8.GetBytes("h\u00e9llo"), (byte[])schema.Probe("NameBytes", buffer)!);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 255 }, (byte[])schema.Probe("InventoryBytes", buffer)!);
    }

    [TestMethod]
    public void Accessors_ReadScalarsStringsVectorsStructs_AllocateNothing()
    {
        var schema = EverythingSchema.Load();
        var buffer = Serialize(schema, """{"name": "reader", "hp": 5, "inventory": [1, 2, 3], "pos": {"x": 1, "y": 2, "z": 3}}""");
        schema.Probe("AllocatedByReads", buffer, 10);

        var allocated = (long)schema.Probe("AllocatedByReads", buffer, 1000)!;

        Assert.AreEqual(0L, allocated);
    }

    [TestMethod]
    public void Verify_ValidBufferWithEveryConstruct_AllocatesNothing()
    {
        var schema = EverythingSchema.Load();
        var buffer = schema.Serialize(schema.Json.ToObject(schema.Json.Canonical(new SampleGenerator(99, maxDepth: 2).Table(schema.Root), schema.Root), schema.Root));
        schema.Probe("AllocatedByVerify", buffer, 10);

        var allocated = (long)schema.Probe("AllocatedByVerify", buffer, 1000)!;

        Assert.AreEqual(0L, allocated);
    }

    [TestMethod]
    public void Verify_NestingAtAndBeyondDepth64_AgreesWithCpp()
    {
        var schema = EverythingSchema.Load();
        var atLimit = (byte[])schema.Probe("DeepChain", 64)!;
        var beyond = (byte[])schema.Probe("DeepChain", 65)!;

        Assert.IsTrue(schema.Verify(atLimit).Ok);
        var (ok, error) = schema.Verify(beyond);
        Assert.IsFalse(ok);
        StringAssert.Contains(error, "deeper");
        OracleTools.Require();
        CollectionAssert.AreEqual(new[] { true, false }, CppOracle.For(schema.SchemaPath, schema.Root).Verify([atLimit, beyond]));
    }

    [TestMethod]
    public void Verify_NestedFlatBuffer_VerifiedAsSeparateBufferLikeCpp()
    {
        var schema = EverythingSchema.Load();
        var inner = Serialize(schema, """{"name": "inner", "hp": 12}""");
        var valid = (byte[])schema.Probe("WithNested", inner)!;
        var brokenInner = (byte[])inner.Clone();
        brokenInner[0] = 0xF0;
        var broken = (byte[])schema.Probe("WithNested", brokenInner)!;
        var tooShort = (byte[])schema.Probe("WithNested", new byte[] { 4, 0, 0, 0, 0 })!;

        Assert.AreEqual("inner", schema.Probe("NestedName", valid));
        Assert.IsTrue(schema.Verify(valid).Ok);
        Assert.IsFalse(schema.Verify(broken).Ok);
        Assert.IsFalse(schema.Verify(tooShort).Ok);
        OracleTools.Require();
        CollectionAssert.AreEqual(new[] { true, false, false }, CppOracle.For(schema.SchemaPath, schema.Root).Verify([valid, broken, tooShort]));
    }

    [TestMethod]
    public void Verify_BufferOver32KiB_AcceptedAndReadLikeCpp()
    {
        var schema = EverythingSchema.Load();
        var buffer = (byte[])schema.Probe("Large", 40_000, 700)!;
        var jsonSchema = EverythingSchema.JsonPrintableSchemaPath();

        var (ok, error) = schema.Verify(buffer);
        var read = schema.Json.FromObject(schema.UnPack(buffer), schema.Root);

        Assert.IsGreaterThan(32 * 1024, buffer.Length);
        Assert.IsTrue(ok, error);
        Assert.AreEqual(40_000, read["inventory"]!.AsArray().Count);
        Assert.AreEqual("w00699", read["weapons"]!.AsArray()[699]!["name"]!.GetValue<string>());
        Assert.AreEqual(7, read["enemy"]!["hp"]!.GetValue<long>());
        OracleTools.Require();
        Assert.IsTrue(CppOracle.For(schema.SchemaPath, schema.Root).Verify([buffer])[0]);
        var fromFlatc = FlatcJson.ToBinary(jsonSchema, [FlatcJson.ToJson(jsonSchema, [buffer])[0]])[0];
        Assert.IsTrue(schema.Verify(fromFlatc).Ok);
        Assert.IsNull(ObjectJson.Difference(read, schema.Json.FromObject(schema.UnPack(fromFlatc), schema.Root)));
    }

    [TestMethod]
    public void Accessors_TableInlineSizeOver32KiB_ReadFieldsPastByte32767()
    {
        var schema = GeneratedSchema.Load("large.fbs");
        var data = new JsonArray(Enumerable.Range(0, 40_000).Select(i => (JsonNode)JsonValue.Create(i % 251)).ToArray());
        var sample = new JsonObject { ["big"] = new JsonObject { ["data"] = data, ["tail"] = -9 }, ["after"] = 99, ["name"] = "past 32 KiB" };
        var expected = schema.Json.Canonical(sample, schema.Root);

        var buffer = schema.Serialize(schema.Json.ToObject(expected, schema.Root));
        var (ok, error) = schema.Verify(buffer);

        Assert.IsTrue(ok, error);
        Assert.IsNull(ObjectJson.Difference(expected, schema.Json.FromObject(schema.UnPack(buffer), schema.Root)));
        OracleTools.Require();
        Assert.IsTrue(CppOracle.For(schema.SchemaPath, schema.Root).Verify([buffer])[0]);
        var fromFlatc = FlatcJson.ToBinary(schema.SchemaPath, [ObjectJson.ToFlatcText(sample)])[0];
        Assert.IsTrue(schema.Verify(fromFlatc).Ok);
        Assert.IsNull(ObjectJson.Difference(expected, schema.Json.FromObject(schema.UnPack(fromFlatc), schema.Root)));
    }
}
