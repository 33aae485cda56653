using System.Reflection;
using Smf.CodeGen.Tests.Infrastructure;
using Smf.Compiler.CodeGen;

namespace Smf.CodeGen.Tests.CodeGen;

/// <summary>
/// The generated C# of a few schemas, checked in under Golden/ so changes to the generator show up in review.
/// Regenerate with <c>SMF_UPDATE_GOLDEN=1 dotnet test tests/Smf.CodeGen.Tests --filter GoldenFileTests</c>.
/// </summary>
[TestClass]
public sealed class GoldenFileTests
{
    [TestMethod]
    [DataRow("kvstore.fbs")]
    [DataRow("evolution_v2.fbs")]
    [DataRow("large.fbs")]
    public void Generate_Schema_MatchesGoldenFile(string schema)
    {
        var model = Schemas.Compile(schema);
        var file = model.Files.Single(f => Path.GetFileName(f.Path) == schema);
        var path = Path.Combine(SourceDirectory(), "Golden", CSharpGenerator.GetOutputFileName(file));

        var code = CSharpGenerator.Generate(model, [file]);

        if (Environment.GetEnvironmentVariable("SMF_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, code);
        }

        Assert.IsTrue(File.Exists(path), "The golden file " + path + " is missing; run with SMF_UPDATE_GOLDEN=1 to create it.");
        Assert.AreEqual(File.ReadAllText(path), code, "The generated code of " + schema + " changed; review it and run with SMF_UPDATE_GOLDEN=1 to accept it.");
    }

    private static string SourceDirectory() => typeof(GoldenFileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SmfCodeGenTestsSourceDir").Value!;
}
