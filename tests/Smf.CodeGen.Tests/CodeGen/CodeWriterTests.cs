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
    public void Summary_NoDocLines_WritesFallback()
    {
        var writer = new CodeWriter();

        writer.Summary([], "The table x<y>.");

        Assert.AreEqual("/// <summary>The table x&lt;y&gt;.</summary>\n", writer.ToString());
    }
}
