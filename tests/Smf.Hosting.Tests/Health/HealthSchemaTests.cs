using System.Reflection;
using Smf.Compiler;
using Smf.Compiler.CodeGen;

namespace Smf.Hosting.Tests.Health;

[TestClass]
public sealed class HealthSchemaTests
{
    [TestMethod]
    public void GeneratedHealthCode_ComparedWithCompiler_IsCurrent()
    {
        // Arrange
        var root = typeof(HealthSchemaTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SmfRepoRoot").Value!;
        var schema = Path.Combine(root, "Smf.Runtime", "Health", "health.fbs");
        var options = new SchemaCompilationOptions();
        options.RootFiles.Add(schema);

        // Act
        var result = SchemaCompiler.Compile(options);
        var code = CSharpGenerator.Generate(result.Model!, [.. result.Model!.Files.Where(f => f.IsRoot)]);

        // Assert
        Assert.IsFalse(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.AreEqual(code, File.ReadAllText(Path.Combine(root, "Smf.Runtime", "Health", "health.fbs.cs")),
            "Smf.Runtime/Health/health.fbs.cs is stale: regenerate it as health.fbs says.");
    }
}
