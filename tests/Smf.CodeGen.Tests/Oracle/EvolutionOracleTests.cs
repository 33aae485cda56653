using System.Globalization;
using Smf.CodeGen.Tests.Infrastructure;

namespace Smf.CodeGen.Tests.Oracle;

/// <summary>Schema evolution both ways: buffers of one version read and verified by the other (ours and C++).</summary>
[TestClass]
public sealed class EvolutionOracleTests
{
    [TestMethod]
    public void ReadV2_BufferWrittenByV1_KeepsOldFieldsAndDefaultsNewOnes()
    {
        var v1 = GeneratedSchema.Load("evolution_v1.fbs");
        var v2 = GeneratedSchema.Load("evolution_v2.fbs");
        var sample = ObjectJson.Parse("""{"id": -5, "name": "first", "level": 1, "thing_type": "Item", "thing": {"label": "box"}, "old": 42}""");
        var buffer = v1.Serialize(v1.Json.ToObject(v1.Json.Canonical(sample, v1.Root), v1.Root));

        var (ok, error) = v2.Verify(buffer);
        var read = v2.Json.FromObject(v2.UnPack(buffer), v2.Root);

        Assert.IsTrue(ok, error);
        var expected = ObjectJson.Parse("""{"id": -5, "name": "first", "level": 1, "thing_type": 1, "thing": {"label": "box"}, "added": 7}""");
        Assert.IsNull(ObjectJson.Difference(expected, read));
        OracleTools.Require();
        Assert.IsTrue(CppOracle.For(v2.SchemaPath, v2.Root).Verify([buffer])[0]);
    }

    [TestMethod]
    public void ReadV1_BufferWrittenByV2_KeepsUnknownEnumValueAndUnionType()
    {
        var v1 = GeneratedSchema.Load("evolution_v1.fbs");
        var v2 = GeneratedSchema.Load("evolution_v2.fbs");
        var sample = ObjectJson.Parse("""{"id": 9, "name": "second", "level": 2, "thing_type": "Extra", "thing": {"note": "new"}, "added": 99, "tags": ["a", "b"]}""");
        var buffer = v2.Serialize(v2.Json.ToObject(v2.Json.Canonical(sample, v2.Root), v2.Root));

        var (ok, error) = v1.Verify(buffer);
        var record = v1.UnPack(buffer);

        Assert.IsTrue(ok, error);
        var read = v1.Json.FromObject(record, v1.Root);
        Assert.IsNull(ObjectJson.Difference(ObjectJson.Parse("""{"id": 9, "name": "second", "level": 2, "old": 0}"""), read));
        var thing = record.GetType().GetProperty("Thing")!.GetValue(record)!;
        Assert.AreEqual(2L, Convert.ToInt64(thing.GetType().GetProperty("Type")!.GetValue(thing), CultureInfo.InvariantCulture), "An unknown union type keeps its code.");
        Assert.IsNull(thing.GetType().GetProperty("Value")!.GetValue(thing));
        OracleTools.Require();
        Assert.IsTrue(CppOracle.For(v1.SchemaPath, v1.Root).Verify([buffer])[0], "C++ v1 accepts unknown union types too.");
    }

    [TestMethod]
    public void ReadV1_UnknownUnionTypeRewritten_ReaderSkipsValue()
    {
        var v1 = GeneratedSchema.Load("evolution_v1.fbs");
        var v2 = GeneratedSchema.Load("evolution_v2.fbs");
        var sample = ObjectJson.Parse("""{"id": 1, "name": "x", "thing_type": "Extra", "thing": {"note": "n"}}""");
        var buffer = v2.Serialize(v2.Json.ToObject(v2.Json.Canonical(sample, v2.Root), v2.Root));

        var repacked = v1.Serialize(v1.UnPack(buffer));

        Assert.IsTrue(v1.Verify(repacked).Ok);
        Assert.IsTrue(v2.Verify(repacked).Ok);
        var read = v2.Json.FromObject(v2.UnPack(repacked), v2.Root);
        Assert.IsNull(read["thing"], "A value of an unknown type cannot be repacked, so the union is written as NONE.");
        Assert.AreEqual("x", read["name"]!.GetValue<string>());
    }
}
