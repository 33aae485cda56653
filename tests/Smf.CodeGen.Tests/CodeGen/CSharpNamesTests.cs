using Smf.Compiler.CodeGen;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.CodeGen;

[TestClass]
public sealed class CSharpNamesTests
{
    [TestMethod]
    [DataRow("snake_case_name", "SnakeCaseName")]
    [DataRow("camelCase", "CamelCase")]
    [DataRow("already", "Already")]
    [DataRow("x__y", "XY")]
    [DataRow("_leading", "Leading")]
    [DataRow("_1st", "_1st")]
    [DataRow("_", "_")]
    public void Pascal_SchemaIdentifier_ReturnsPascalCase(string name, string expected)
    {
        Assert.AreEqual(expected, CSharpNames.Pascal(name));
    }

    [TestMethod]
    [DataRow("class", "@class")]
    [DataRow("namespace", "@namespace")]
    [DataRow("value", "value")]
    [DataRow("Table", "Table")]
    public void Escape_Identifier_PrefixesKeywordsOnly(string name, string expected)
    {
        Assert.AreEqual(expected, CSharpNames.Escape(name));
    }

    [TestMethod]
    public void IntegerLiteral_Extremes_AreValidConstants()
    {
        Assert.AreEqual("long.MinValue", CSharpNames.IntegerLiteral(ScalarKind.Long, long.MinValue));
        Assert.AreEqual("int.MinValue", CSharpNames.IntegerLiteral(ScalarKind.Int, int.MinValue));
        Assert.AreEqual("18446744073709551615UL", CSharpNames.IntegerLiteral(ScalarKind.ULong, -1));
        Assert.AreEqual("(sbyte)(-128)", CSharpNames.IntegerLiteral(ScalarKind.Byte, -128));
    }

    [TestMethod]
    public void FloatLiteral_NonFiniteAndFractions_UseInvariantSpelling()
    {
        Assert.AreEqual("float.NaN", CSharpNames.FloatLiteral(ScalarKind.Float, double.NaN));
        Assert.AreEqual("double.NegativeInfinity", CSharpNames.FloatLiteral(ScalarKind.Double, double.NegativeInfinity));
        Assert.AreEqual("3.5F", CSharpNames.FloatLiteral(ScalarKind.Float, 3.5));
        Assert.AreEqual("1.0D", CSharpNames.FloatLiteral(ScalarKind.Double, 1));
        Assert.AreEqual("1E+300D", CSharpNames.FloatLiteral(ScalarKind.Double, 1e300));
    }

    [TestMethod]
    public void StringLiteral_QuotesAndNonAscii_Escaped()
    {
        Assert.AreEqual("\"a\\\"b\\\\c\\u00E9\"", CSharpNames.StringLiteral("a\"b\\c\u00e9"));
    }
}
