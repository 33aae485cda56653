using System.Text.Json.Nodes;
using Smf.CodeGen.Tests.Infrastructure;

namespace Smf.CodeGen.Tests.Oracle;

/// <summary>Random values through our generated code and through Google's flatc and C++ code, compared field by field.</summary>
[TestClass]
public sealed class RoundTripOracleTests
{
    private const string Schema = "everything.fbs";
    private const int SampleCount = 24;

    private static List<JsonObject> Samples(GeneratedSchema schema, int seed) =>
        Enumerable.Range(0, SampleCount).Select(i => new SampleGenerator(seed + i).Table(schema.Root)).ToList();

    [TestMethod]
    public void Pack_RandomSamples_CppVerifierAccepts()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var samples = Samples(schema, 1000);

        var buffers = samples.Select(s => schema.Serialize(schema.Json.ToObject(schema.Json.Canonical(s, schema.Root), schema.Root))).ToList();
        var accepted = CppOracle.For(schema.SchemaPath, schema.Root).Verify(buffers);

        for (var i = 0; i < buffers.Count; i++)
        {
            Assert.IsTrue(accepted[i], "C++ rejects our buffer for sample " + i + ": " + samples[i].ToJsonString());
        }
    }

    [TestMethod]
    public void Pack_RandomSamples_FlatcPrintsSameValues()
    {
        // flatc 2.0.8 prints no JSON for vectors of unions or unions of structs and strings: the samples leave those fields out.
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var samples = Enumerable.Range(0, SampleCount).Select(i => new SampleGenerator(1500 + i, exclude: new HashSet<string> { "gear", "payload" }).Table(schema.Root)).ToList();
        var expected = samples.Select(s => schema.Json.Canonical(s, schema.Root)).ToList();
        var jsonSchema = EverythingSchema.JsonPrintableSchemaPath();

        var buffers = expected.Select(e => schema.Serialize(schema.Json.ToObject(e, schema.Root))).ToList();
        var printed = FlatcJson.ToJson(jsonSchema, buffers);

        for (var i = 0; i < buffers.Count; i++)
        {
            var actual = schema.Json.Canonical(ObjectJson.Parse(printed[i]), schema.Root);
            Assert.IsNull(ObjectJson.Difference(expected[i], actual), "flatc prints other values for sample " + i + ": " + samples[i].ToJsonString());
        }
    }

    [TestMethod]
    public void SerializeSizePrefixed_RandomSamples_CppVerifierAcceptsAndOurVerifierAccepts()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var expected = Samples(schema, 2000).Select(s => schema.Json.Canonical(s, schema.Root)).ToList();

        var buffers = expected.Select(e => schema.SerializeSizePrefixed(schema.Json.ToObject(e, schema.Root))).ToList();
        var accepted = CppOracle.For(schema.SchemaPath, schema.Root).Verify(buffers, sizePrefixed: true);

        for (var i = 0; i < buffers.Count; i++)
        {
            Assert.IsTrue(accepted[i], "C++ rejects our size-prefixed buffer " + i);
            var (ok, error) = schema.VerifySizePrefixed(buffers[i]);
            Assert.IsTrue(ok, error);
            var read = schema.Json.FromObject(schema.UnPackSizePrefixed(buffers[i]), schema.Root);
            Assert.IsNull(ObjectJson.Difference(expected[i], read));
        }
    }

    [TestMethod]
    public void FlatcBinary_RandomSamples_ReaderReturnsSameValuesAndVerifierAccepts()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var samples = Samples(schema, 3000);

        var buffers = FlatcJson.ToBinary(schema.SchemaPath, samples.Select(ObjectJson.ToFlatcText).ToList());

        for (var i = 0; i < buffers.Length; i++)
        {
            var (ok, error) = schema.Verify(buffers[i]);
            Assert.IsTrue(ok, "Our verifier rejects flatc's buffer " + i + ": " + error);
            var expected = schema.Json.Canonical(samples[i], schema.Root);
            var actual = schema.Json.FromObject(schema.UnPack(buffers[i]), schema.Root);
            Assert.IsNull(ObjectJson.Difference(expected, actual), "Our reader returns other values for sample " + i + ": " + samples[i].ToJsonString());
        }
    }

    [TestMethod]
    public void CppBuilder_RepackedSamples_ReaderReturnsSameValuesAndVerifierAccepts()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var oracle = CppOracle.For(schema.SchemaPath, schema.Root);
        var expected = Samples(schema, 4000).Take(8).Select(s => schema.Json.Canonical(s, schema.Root)).ToList();

        foreach (var sample in expected)
        {
            var repacked = oracle.Repack(schema.Serialize(schema.Json.ToObject(sample, schema.Root)));

            var (ok, error) = schema.Verify(repacked);
            Assert.IsTrue(ok, "Our verifier rejects the C++ builder's buffer: " + error);
            // The C++ object API writes empty strings and vectors as absent fields.
            Assert.IsNull(ObjectJson.Difference(ObjectJson.WithoutEmpty(sample), ObjectJson.WithoutEmpty(schema.Json.FromObject(schema.UnPack(repacked), schema.Root))));
        }
    }

    [TestMethod]
    public void FlatcCSharp_RepacksOurBuffers_OurReaderReturnsSameValuesAndVerifierAgreesWithCpp()
    {
        OracleTools.Require();
        var schema = EverythingSchema.Load();
        var flatcSchema = EverythingSchema.FlatcCSharpSchemaPath();
        var expected = Enumerable.Range(0, 12)
            .Select(i => schema.Json.Canonical(new SampleGenerator(7000 + i, exclude: new HashSet<string> { "gear", "payload" }).Table(schema.Root), schema.Root))
            .ToList();

        var theirs = expected.Select(sample => FlatcCSharp.Repack(flatcSchema, "Test.Everything", "Monster", schema.Serialize(schema.Json.ToObject(sample, schema.Root)))).ToList();
        var cpp = CppOracle.For(schema.SchemaPath, schema.Root).Verify(theirs);

        for (var i = 0; i < theirs.Count; i++)
        {
            // flatc's C# object API writes absent vectors as empty ones, which makes an empty nested_flatbuffer that C++ rejects.
            var (ok, error) = schema.Verify(theirs[i]);
            Assert.AreEqual(cpp[i], ok, error);
            var actual = schema.Json.FromObject(schema.UnPack(theirs[i]), schema.Root);
            Assert.IsNull(ObjectJson.Difference(ObjectJson.WithoutEmpty(expected[i]), ObjectJson.WithoutEmpty(actual)), expected[i].ToJsonString());
        }
    }
}
