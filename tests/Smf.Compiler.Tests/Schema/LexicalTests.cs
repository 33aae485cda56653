using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Schema;

[TestClass]
public sealed class LexicalTests
{
    [TestMethod]
    public void Compile_ByteOrderMarkAndCarriageReturns_AreSkipped()
    {
        var model = TestCompiler.Valid("\uFEFFtable T {\r\n  a: int;\r\n}\r\n");

        Assert.AreEqual(1, TestCompiler.Find<TableDefinition>(model, "T").Fields.Count);
    }

    [TestMethod]
    public void Compile_LineAndBlockComments_AreIgnored()
    {
        var model = TestCompiler.Valid("// line\ntable /* inline */ T { /* multi\nline */ a: int; // trailing\n}");

        Assert.AreEqual("a", TestCompiler.Find<TableDefinition>(model, "T").Fields[0].Name);
    }

    [TestMethod]
    public void Compile_BlockComments_DoNotNest()
    {
        var result = TestCompiler.Compile("/* outer /* inner */ table T {} */");

        Assert.IsTrue(result.HasErrors, "The text after the first '*/' must be parsed.");
    }

    [TestMethod]
    public void Compile_DocComments_AttachToDeclarationsFieldsValuesMembersAndMethods()
    {
        var model = TestCompiler.Valid(
            "/// The table.\n/// Second line.\ntable T {\n  /// A field.\n  a: int;\n}\n" +
            "/// The enum.\nenum E : byte {\n  /// First.\n  A,\n}\n" +
            "/// The union.\nunion U {\n  /// Member.\n  T,\n}\n" +
            "/// The service.\nrpc_service S {\n  /// The method.\n  M(T):T;\n}");

        var table = TestCompiler.Find<TableDefinition>(model, "T");
        CollectionAssert.AreEqual(new[] { "The table.", "Second line." }, table.Documentation.ToArray());
        CollectionAssert.AreEqual(new[] { "A field." }, table.Fields[0].Documentation.ToArray());
        var e = TestCompiler.Find<EnumDefinition>(model, "E");
        CollectionAssert.AreEqual(new[] { "The enum." }, e.Documentation.ToArray());
        CollectionAssert.AreEqual(new[] { "First." }, e.Values[0].Documentation.ToArray());
        var u = TestCompiler.Find<UnionDefinition>(model, "U");
        CollectionAssert.AreEqual(new[] { "The union." }, u.Documentation.ToArray());
        CollectionAssert.AreEqual(new[] { "Member." }, u.Members[1].Documentation.ToArray());
        var s = TestCompiler.Find<ServiceDefinition>(model, "S");
        CollectionAssert.AreEqual(new[] { "The service." }, s.Documentation.ToArray());
        CollectionAssert.AreEqual(new[] { "The method." }, s.Methods[0].Documentation.ToArray());
    }

    [TestMethod]
    public void Compile_KeywordsArePositional_FieldsMayBeNamedLikeKeywords()
    {
        var model = TestCompiler.Valid("table Keywords { table: int; struct: string; enum: bool; namespace: long; }");

        var fields = TestCompiler.Find<TableDefinition>(model, "Keywords").Fields;
        Assert.AreEqual(4, fields.Count);
        Assert.AreEqual("struct", fields[1].Name);
    }

    [TestMethod]
    public void Compile_StringEscapes_AreDecoded()
    {
        var model = TestCompiler.Valid("attribute \"a\\n\\t\\r\\b\\f\\\"\\'\\\\\\/\\x41\\u00e9\\ud83d\\ude00\";\ntable T {}");

        Assert.AreEqual("a\n\t\r\b\f\"'\\/A\u00e9\U0001F600", model.DeclaredAttributes[0]);
    }

    [TestMethod]
    public void Compile_SingleQuotedStrings_AreAccepted()
    {
        var model = TestCompiler.Valid("file_identifier 'ABCD';\ntable T {}\nroot_type T;");

        Assert.AreEqual("ABCD", model.FileIdentifier);
    }

    [TestMethod]
    public void Compile_LoneLowSurrogateEscape_IsRejected()
    {
        MarkedSchema.AssertFirstError("file_extension \"[|\\udc00|]\";", "SMF0003");
    }

    [TestMethod]
    public void Compile_IntegerForms_AreParsed()
    {
        var model = TestCompiler.Valid("table T { a: int = 0x1F; b: int = -42; c: int = +7; d: ulong = 18446744073709551615; e: long = -9223372036854775808; f: short = -0x10; g: int = 010; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.AreEqual(31L, f[0].Default.IntegerBits);
        Assert.AreEqual(-42L, f[1].Default.IntegerBits);
        Assert.AreEqual(7L, f[2].Default.IntegerBits);
        Assert.AreEqual(ulong.MaxValue, f[3].Default.UnsignedInteger);
        Assert.AreEqual("18446744073709551615", f[3].Default.ToString());
        Assert.AreEqual(long.MinValue, f[4].Default.IntegerBits);
        Assert.AreEqual(-16L, f[5].Default.IntegerBits);
        Assert.AreEqual(10L, f[6].Default.IntegerBits, "Leading zeros are decimal, not octal.");
    }

    [TestMethod]
    public void Compile_FloatForms_AreParsed()
    {
        var model = TestCompiler.Valid("table T { a: double = 1.; b: double = .5; c: double = 1e3; d: double = 0x1.8p1; e: double = nan; f: double = inf; g: double = infinity; h: double = +inf; i: double = -inf; j: float = -2.5E-1; k: double = 3; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.AreEqual(1.0, f[0].Default.Float);
        Assert.AreEqual(0.5, f[1].Default.Float);
        Assert.AreEqual(1000.0, f[2].Default.Float);
        Assert.AreEqual(3.0, f[3].Default.Float);
        Assert.IsTrue(double.IsNaN(f[4].Default.Float));
        Assert.AreEqual(double.PositiveInfinity, f[5].Default.Float);
        Assert.AreEqual(double.PositiveInfinity, f[6].Default.Float);
        Assert.AreEqual(double.PositiveInfinity, f[7].Default.Float);
        Assert.AreEqual(double.NegativeInfinity, f[8].Default.Float);
        Assert.AreEqual(-0.25, f[9].Default.Float);
        Assert.AreEqual(3.0, f[10].Default.Float);
        Assert.AreEqual("-inf", f[8].Default.ToString());
    }

    [TestMethod]
    public void Compile_BoolAndNullDefaults_AreTyped()
    {
        var model = TestCompiler.Valid("table T { a: bool = true; b: bool = false; c: int = null; d: bool; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.IsTrue(f[0].Default.Bool);
        Assert.AreEqual(DefaultValueKind.Bool, f[1].Default.Kind);
        Assert.IsFalse(f[1].Default.Bool);
        Assert.IsTrue(f[2].IsOptional);
        Assert.AreEqual(DefaultValueKind.Null, f[2].Default.Kind);
        Assert.IsFalse(f[3].Default.IsExplicit);
    }
}
