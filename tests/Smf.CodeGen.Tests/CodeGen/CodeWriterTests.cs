using Smf.Compiler.CodeGen;

namespace Smf.CodeGen.Tests.CodeGen;

[TestClass]
public sealed class CodeWriterTests
{
    [TestMethod]
    public void Block_Nested_IndentsAndClosesBraces()
    {
        var writer = new CodeWriter();

        using (writer.Block("class A"))
        {
            using (writer.Block("void M()"))
            {
                writer.Line("return;");
            }

            writer.Line();
        }

        Assert.AreEqual("class A\n{\n    void M()\n    {\n        return;\n    }\n\n}\n", writer.ToString());
    }

    [TestMethod]
    public void Summary_DocLinesWithMarkup_EscapesXml()
    {
        var writer = new CodeWriter();

        writer.Summary(["A <b> & \"c\"", "second\tline"], "unused");

        Assert.AreEqual("/// <summary>\n/// A &lt;b&gt; &amp; \"c\"\n/// second line\n/// </summary>\n", writer.ToString());
    }

    [TestMethod]
    public void Summary_NoDocLines_WritesFallbackAsXml()
    {
        var writer = new CodeWriter();

        writer.Summary([], "Reads <paramref name=\"x\"/>.");

        Assert.AreEqual("/// <summary>Reads <paramref name=\"x\"/>.</summary>\n", writer.ToString());
    }
}
