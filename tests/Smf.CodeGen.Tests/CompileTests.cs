using Smf.CodeGen.Tests.Infrastructure;
using Smf.Compiler.CodeGen;

namespace Smf.CodeGen.Tests;

[TestClass]
public sealed class CompileTests
{
    [TestMethod]
    public void Generate_EveryConstruct_CompilesWithoutWarnings()
    {
        var code = Schemas.Generate("everything.fbs");

        var (image, diagnostics) = CSharpCompiler.Compile("Everything", code);

        Assert.IsNotNull(image, CSharpCompiler.Describe(diagnostics, [code]));
        Assert.AreEqual(0, diagnostics.Count, CSharpCompiler.Describe(diagnostics, [code]));
    }
}
