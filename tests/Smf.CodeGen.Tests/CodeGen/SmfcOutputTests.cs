using System.Reflection;
using Smf.CodeGen.Tests.Infrastructure;
using Smf.Compiler.CodeGen;

namespace Smf.CodeGen.Tests.CodeGen;

[TestClass]
public sealed class SmfcOutputTests
{
    [TestMethod]
    public void Run_OutputPath_WritesGeneratedFilePerRootSchema()
    {
        var output = OracleTools.ScratchDirectory("smfc");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exitCode = RunSmfc(["--filename", Schemas.PathOf("evolution_v1.fbs"), "--filename", Schemas.PathOf("large.fbs"), "--output_path", output], stdout, stderr);

        Assert.AreEqual(0, exitCode, stderr.ToString());
        var model = Schemas.Compile("evolution_v1.fbs");
        Assert.AreEqual(CSharpGenerator.Generate(model, model.Files), File.ReadAllText(Path.Combine(output, "evolution_v1_generated.cs")));
        Assert.IsTrue(File.Exists(Path.Combine(output, "large_generated.cs")));
        Directory.Delete(output, recursive: true);
    }

    private static int RunSmfc(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var command = Assembly.Load("smfc").GetType("Smf.Smfc.SmfcCommand", throwOnError: true)!;
        return (int)command.GetMethod("Run", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [args, stdout, stderr])!;
    }
}
