using Smf.Compiler;
using Smf.Compiler.CodeGen;
using Smf.Compiler.CodeGen.Services;
using Smf.CodeGen.Tests.Infrastructure;

namespace Smf.CodeGen.Tests.Oracle;

/// <summary>
/// Code generation for Google's own test schemas (copies under Smf.Compiler.Tests/Upstream): monster_test.fbs (with its
/// streaming methods) and a flatc-written buffer of its JSON sample, keyword_test.fbs (an empty enum), service_test.fbs
/// (streaming methods) and nan_inf_test.fbs (NaN defaults).
/// </summary>
[TestClass]
public sealed class UpstreamCodeGenTests
{
    private const string MonsterProbe = """
public static class Probe
{
    public static string Summary(byte[] buffer)
    {
        var m = global::MyGame.Example.Monster.GetRootAsMonster(new global::Google.FlatBuffers.ByteBuffer(buffer));
        var pos = m.Pos!.Value;
        var test = m.TestType == global::MyGame.Example.Any.Monster ? m.TestAsMonster()!.Value.Name : m.TestType.ToString();
        return string.Join("|", m.Name, m.Hp, pos.X, pos.Y, pos.Test1, pos.Test3.A, m.InventoryLength, m.Inventory(4), test, m.Testarrayofstring(1), m.VectorOfLongs(4));
    }
}
""";

    private static readonly CSharpGeneratorOptions MessagesOnly = new() { Services = ServiceCodeKinds.None };

    private static string MonsterPath => Schemas.UpstreamPathOf("tests/monster_test.fbs");

    [TestMethod]
    public void MonsterTest_StreamingMethods_AreWarningsAndTheUnaryMethodGenerates()
    {
        var model = Schemas.Compile(MonsterPath);
        var files = model.Files.Where(f => f.IsRoot).ToList();

        var diagnostics = CSharpGenerator.Validate(model, files);
        var code = CSharpGenerator.Generate(model, files);

        Assert.AreEqual(
            "172,27,172,35 SMF3101 Warning Retrieve|173,33,173,41 SMF3101 Warning GetMaxHitPoint|174,37,174,45 SMF3101 Warning GetMinMaxHitPoints",
            string.Join("|", diagnostics.Select(d => $"{d.Line},{d.Column},{d.EndLine},{d.EndColumn} {d.Code} {d.Severity} {d.Message.Split('\'')[1].Split('.')[1]}")));
        Assert.IsTrue(diagnostics.All(d => d.File == MonsterPath));
        StringAssert.Contains(code, "StoreAsync(");
        Assert.DoesNotContain("RetrieveAsync", code);
        Assert.DoesNotContain("GetMaxHitPoint", code);
        Assert.DoesNotContain("GetMinMaxHitPoints", code);
    }

    [TestMethod]
    public void MonsterTest_FlatcWrittenSample_ReadsVerifiesRoundTripsAndPassesCppVerifier()
    {
        OracleTools.Require();
        var schema = GeneratedSchema.Load(MonsterPath, MonsterProbe, MessagesOnly);
        var sample = File.ReadAllText(Schemas.UpstreamPathOf("tests/monsterdata_test.json"));
        var buffer = FlatcJson.ToBinary(MonsterPath, [sample])[0];

        var (ok, error) = schema.Verify(buffer);
        var summary = (string)schema.Probe("Summary", buffer)!;
        var repacked = schema.Serialize(schema.UnPack(buffer));

        Assert.IsTrue(ok, error);
        Assert.AreEqual("MyMonster|80|1|2|3|5|5|4|Fred|test2|100000000", summary);
        var (repackedOk, repackedError) = schema.Verify(repacked);
        Assert.IsTrue(repackedOk, repackedError);
        Assert.AreEqual(summary, schema.Probe("Summary", repacked));
        CollectionAssert.AreEqual(new[] { true, true }, CppOracle.For(MonsterPath, schema.Root).Verify([buffer, repacked]));
        var printed = FlatcJson.ToJson(MonsterPath, [buffer, repacked]);
        Assert.AreEqual(printed[0], printed[1], "flatc reads the same monster from our repacked buffer as from its own.");
        StringAssert.Contains(printed[0], "\"testarrayofstring\": [");
    }

    [TestMethod]
    public void KeywordTest_EmptyEnum_GeneratesNoneAndCompilesWithoutWarnings()
    {
        var model = Schemas.Compile(Schemas.UpstreamPathOf("tests/keyword_test.fbs"));

        var code = CSharpGenerator.Generate(model, model.Files, MessagesOnly);
        var (image, diagnostics) = CSharpCompiler.Compile("keyword_test", code);

        Assert.IsNotNull(image, CSharpCompiler.Describe(diagnostics, [code]));
        Assert.IsEmpty(diagnostics, CSharpCompiler.Describe(diagnostics, [code]));
        StringAssert.Contains(code, "enum @public : int");
        StringAssert.Contains(code, "NONE = 0,");
        StringAssert.Contains(code, "public global::KeywordTest.@public Private {");
    }

    [TestMethod]
    public void ServiceTest_StreamingMethods_AreLeftOutAndTheMessagesCompileWithoutWarnings()
    {
        var path = Schemas.UpstreamPathOf("tests/service_test.fbs");
        var model = Schemas.Compile(path);

        var diagnostics = CSharpGenerator.Validate(model, model.Files);
        var withServices = CSharpGenerator.Generate(model, model.Files);
        var messages = CSharpGenerator.Generate(model, model.Files, MessagesOnly);
        var (image, compileDiagnostics) = CSharpCompiler.Compile("service_test", messages);

        CollectionAssert.AreEqual(
            new[] { "8,45 StreamClient", "9,45 StreamServer", "10,39 Stream" },
            diagnostics.Select(d => $"{d.Line},{d.Column} {d.Message.Split('\'')[1].Split('.')[1]}").ToList());
        Assert.IsTrue(diagnostics.All(d => d.Severity == DiagnosticSeverity.Warning && d.Code == "SMF3101"));
        StringAssert.Contains(withServices, "HelloAsync(");
        Assert.DoesNotContain("StreamClient", withServices);
        Assert.DoesNotContain("StreamServer", withServices);
        Assert.DoesNotContain("StreamAsync", withServices);
        Assert.IsNotNull(image, CSharpCompiler.Describe(compileDiagnostics, [messages]));
        Assert.IsEmpty(compileDiagnostics, CSharpCompiler.Describe(compileDiagnostics, [messages]));
    }

    [TestMethod]
    public void NanInfTest_NegativeNaNInANaNDefaultField_SurvivesUnPackPackAndReachesCpp()
    {
        OracleTools.Require();
        var path = Schemas.UpstreamPathOf("tests/nan_inf_test.fbs");
        var schema = GeneratedSchema.Load(path, string.Empty, MessagesOnly);
        var negativeNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000000UL));

        // Written with Google's C# builder (flatc 2.0.8's JSON parser drops the sign of -nan): default_nan = -nan.
        var google = new Google.FlatBuffers.FlatBufferBuilder(64);
        google.StartTable(7);
        google.AddDouble(0, negativeNaN, 0.0);
        google.Finish(google.EndTable());
        var written = google.SizedByteArray();
        var repacked = schema.Serialize(schema.UnPack(written));
        var absent = schema.Serialize(schema.UnPack(FlatcJson.ToBinary(path, ["{ value_nan: nan, value: 1 }"])[0]));

        Assert.AreEqual(unchecked((long)0xFFF8000000000000UL), DefaultNanBits(written));
        Assert.AreEqual(unchecked((long)0xFFF8000000000000UL), DefaultNanBits(repacked), "The -nan of a nan-default field is written back.");
        Assert.AreEqual(unchecked((long)0xFFF8000000000000UL), DefaultNanBits(CppOracle.For(path, schema.Root).Repack(repacked)), "C++ reads -nan from our buffer.");
        Assert.AreEqual(0x7FF8000000000000L, DefaultNanBits(absent), "An absent field reads as the schema's nan (sign bit clear), as in C++.");
        Assert.DoesNotContain("default_nan", FlatcJson.ToJson(path, [absent])[0], "The default nan is still not written.");
        CollectionAssert.AreEqual(new[] { true, true }, CppOracle.For(path, schema.Root).Verify([repacked, absent]));

        long DefaultNanBits(byte[] buffer)
        {
            var value = schema.UnPack(buffer);
            return BitConverter.DoubleToInt64Bits((double)value.GetType().GetProperty("DefaultNan")!.GetValue(value)!);
        }
    }

    [TestMethod]
    public void NanInfTest_PayloadNaN_RoundTripsBitForBitThroughTheObjectApi()
    {
        var path = Schemas.UpstreamPathOf("tests/nan_inf_test.fbs");
        var schema = GeneratedSchema.Load(path, string.Empty, MessagesOnly);
        var type = schema.ClrType(schema.Root, objectApi: true);
        var property = type.GetProperty("DefaultNan")!;
        var fresh = Activator.CreateInstance(type)!;
        var payload = Activator.CreateInstance(type)!;
        property.SetValue(payload, BitConverter.Int64BitsToDouble(0x7FF8000000000001L));

        var freshBuffer = schema.Serialize(fresh);
        var payloadBuffer = schema.Serialize(payload);

        Assert.AreEqual(0x7FF8000000000000L, BitConverter.DoubleToInt64Bits((double)property.GetValue(fresh)!));
        Assert.AreEqual(0x7FF8000000000000L, BitConverter.DoubleToInt64Bits((double)property.GetValue(schema.UnPack(freshBuffer))!));
        Assert.AreEqual(0x7FF8000000000001L, BitConverter.DoubleToInt64Bits((double)property.GetValue(schema.UnPack(payloadBuffer))!));
        Assert.IsGreaterThan(freshBuffer.Length, payloadBuffer.Length, "Only the NaN that differs from the default is written.");
    }
}
