using Smf.Compiler;
using Smf.Compiler.CodeGen;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.CodeGen;

[TestClass]
public sealed class GeneratedNameValidationTests
{
    [TestMethod]
    public void Validate_TableNamedLikeAnotherTablesObjectClass_ReportsSmf3103AtTheLaterTable()
    {
        var diagnostics = Validate("namespace n;\ntable Foo { a: int; }\ntable FooT { b: int; }\n");

        var error = diagnostics.Single();
        Assert.AreEqual("SMF3103", error.Code);
        Assert.AreEqual((3, 7), (error.Line, error.Column));
        Assert.Contains("'FooT'", error.Message);
    }

    [TestMethod]
    public void Validate_StructNamedLikeAnEarlierTablesObjectClass_ReportsSmf3103()
    {
        var diagnostics = Validate("table Point {}\nstruct PointT { x: int; }\n");

        Assert.AreEqual("SMF3103", diagnostics.Single().Code);
        Assert.AreEqual(2, diagnostics.Single().Line);
    }

    [TestMethod]
    public void Validate_TableNamedLikeAGeneratedMember_ReportsSmf3103()
    {
        var diagnostics = Validate("table Verify { a: int; }\n");

        var error = diagnostics.Single();
        Assert.AreEqual("SMF3103", error.Code);
        Assert.Contains("'Verify'", error.Message);
    }

    [TestMethod]
    public void Validate_SameNamesInDifferentNamespaces_NoDiagnostics()
    {
        var diagnostics = Validate("namespace a;\ntable Foo {}\nnamespace b;\ntable FooT {}\n");

        Assert.AreEqual(0, diagnostics.Count, string.Join("; ", diagnostics));
    }

    private static IReadOnlyList<Diagnostic> Validate(string schema)
    {
        var path = Path.Combine(Path.GetTempPath(), "smf-codegen-tests", Guid.NewGuid().ToString("N") + ".fbs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, schema);
        try
        {
            var options = new SchemaCompilationOptions();
            options.RootFiles.Add(path);
            var result = SchemaCompiler.Compile(options);
            Assert.IsFalse(result.HasErrors, string.Join("; ", result.Diagnostics));
            return CSharpGenerator.Validate(result.Model!, result.Model!.Files);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
