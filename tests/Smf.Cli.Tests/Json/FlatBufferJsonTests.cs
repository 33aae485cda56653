using Smf.Cli.Tests.Infrastructure;
using Smf.Json;

namespace Smf.Cli.Tests.Json;

/// <summary>JSON that does not match the schema: the error names the JSON path and the schema field.</summary>
[TestClass]
public sealed class FlatBufferJsonTests
{
    private static readonly Lazy<Smf.Compiler.Schema.TableDefinition> Monster =
        new(() => TestSchemas.Table(TestSchemas.Compile(Oracle.SchemaPath("everything.fbs")), "Test.Everything.Monster"));

    [TestMethod]
    [DataRow("""{"name": "x", "speed": 1}""", "$.speed", null, "has no field 'speed'")]
    [DataRow("""{"name": 5}""", "$.name", "Test.Everything.Monster.name", "expected a string")]
    [DataRow("""{"name": "x", "hp": 40000}""", "$.hp", "Test.Everything.Monster.hp", "out of range for short")]
    [DataRow("""{"hp": 1}""", "$", "Test.Everything.Monster.name", "required field 'name'")]
    [DataRow("""{"name": "x", "color": "Purple"}""", "$.color", "Test.Everything.Monster.color", "has no value 'Purple'")]
    [DataRow("""{"name": "x", "weapons": [{"name": "a"}, {"name": "b", "damage": 1.5}]}""", "$.weapons[1].damage", "Test.Everything.Weapon.damage", "not an integer")]
    [DataRow("""{"name": "x", "pos": {"x": 1, "y": 2}}""", "$.pos", "Test.Everything.Vec3.z", "'z' is missing")]
    [DataRow("""{"name": "x", "equipped": {"name": "a"}}""", "$.equipped", "Test.Everything.Monster.equipped", "needs its type in 'equipped_type'")]
    [DataRow("""{"name": "x", "friendly": true}""", "$.friendly", "Test.Everything.Monster.friendly", "deprecated")]
    [DataRow("""{"name": "x",""", "$", null, "not valid JSON")]
    public void Encode_MismatchedJson_NamesPathAndField(string json, string path, string? field, string problem)
    {
        var error = Assert.ThrowsExactly<FlatBufferJsonException>(() => FlatBufferJson.Encode(Monster.Value, json));

        Assert.AreEqual(path, error.JsonPath, error.Message);
        Assert.AreEqual(field, error.SchemaField, error.Message);
        StringAssert.Contains(error.Message, problem);
        StringAssert.StartsWith(error.Message, path + ":");
    }

    [TestMethod]
    public void Decode_IncludeDefaults_PrintsAbsentScalarsWithSchemaDefaults()
    {
        var buffer = FlatBufferJson.Encode(Monster.Value, """{"name": "x", "hp": 100}""");

        var plain = FlatBufferJson.Decode(Monster.Value, buffer);
        var withDefaults = FlatBufferJson.Decode(Monster.Value, buffer, new FlatBufferJsonOptions { IncludeDefaults = true, Indented = false });

        Assert.IsNull(JsonCompare.Difference("""{"name": "x"}""", plain), plain);
        StringAssert.Contains(withDefaults, "\"hp\":100");
        StringAssert.Contains(withDefaults, "\"mana\":150");
        StringAssert.Contains(withDefaults, "\"color\":\"Blue\"");
        StringAssert.Contains(withDefaults, "\"nan_default\":\"nan\"");
        Assert.DoesNotContain("opt_int", withDefaults);
    }

    [TestMethod]
    public void Encode_KeyedVector_SortedByKeyLikeFlatc()
    {
        var buffer = FlatBufferJson.Encode(Monster.Value, """{"name": "x", "weapons": [{"name": "sword"}, {"name": "axe"}, {"name": "bow"}], "stats": [{"id": 9}, {"id": 2}]}""");

        var json = FlatBufferJson.Decode(Monster.Value, buffer);

        Assert.IsNull(JsonCompare.Difference("""{"name": "x", "weapons": [{"name": "axe"}, {"name": "bow"}, {"name": "sword"}], "stats": [{"id": 2}, {"id": 9}]}""", json), json);
    }
}
