using Smf.CodeGen.Tests.Infrastructure;
using Smf.Compiler.CodeGen;

namespace Smf.CodeGen.Tests;

[TestClass]
public sealed class CompileTests
{
    [TestMethod]
    [DataRow("everything.fbs")]
    [DataRow("naming.fbs")]
    [DataRow("large.fbs")]
    [DataRow("enums_only.fbs")]
    [DataRow("flex.fbs")]
    public void Generate_Schema_CompilesWithoutWarnings(string schema)
    {
        var code = Schemas.Generate(schema);

        var (image, diagnostics) = CSharpCompiler.Compile("Everything", code);

        Assert.IsNotNull(image, CSharpCompiler.Describe(diagnostics, [code]));
        Assert.AreEqual(0, diagnostics.Count, CSharpCompiler.Describe(diagnostics, [code]));
    }
}
