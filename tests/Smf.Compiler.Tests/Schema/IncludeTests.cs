using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Schema;

[TestClass]
public sealed class IncludeTests
{
    [TestMethod]
    public void Compile_Include_ResolvesRelativeToTheIncludingFile()
    {
        var files = new InMemorySchemaFileSystem()
            .Add("/schemas/app/main.fbs", "include \"sub/common.fbs\";\ntable T { c: C; }")
            .Add("/schemas/app/sub/common.fbs", "table C {}");

        var result = TestCompiler.Compile(files, "/schemas/app/main.fbs");

        Assert.IsFalse(result.HasErrors, TestCompiler.Format(result));
        CollectionAssert.AreEqual(new[] { "/schemas/app/main.fbs", "/schemas/app/sub/common.fbs" }, result.Dependencies.ToArray());
        Assert.AreEqual("/schemas/app/sub/common.fbs", result.Model!.Files[0].Path, "Included files come before their includer.");
        Assert.IsFalse(result.Model.Files[0].IsRoot);
        Assert.IsTrue(result.Model.Files[1].IsRoot);
        CollectionAssert.AreEqual(new[] { "/schemas/app/sub/common.fbs" }, result.Model.Files[1].Includes.ToArray());
    }

    [TestMethod]
    public void Compile_Include_FallsBackToIncludeDirectoriesInOrder()
    {
        var files = new InMemorySchemaFileSystem()
            .Add("/schemas/main.fbs", "include \"lib.fbs\";\ntable T { l: L; }")
            .Add("/first/other.fbs", "table X {}")
            .Add("/second/lib.fbs", "table L {}")
            .Add("/third/lib.fbs", "table Wrong {}");

        var result = TestCompiler.CompileWithIncludeDirectories(files, "/schemas/main.fbs", "/first", "/second", "/third");

        Assert.IsFalse(result.HasErrors, TestCompiler.Format(result));
        Assert.AreEqual("/second/lib.fbs", result.Model!.Files[0].Path);
    }

    [TestMethod]
    public void Compile_IncludeCycleAndDiamond_ParseEachFileOnce()
    {
        var files = new InMemorySchemaFileSystem()
            .Add("/schemas/a.fbs", "include \"b.fbs\";\ninclude \"c.fbs\";\ntable A {}")
            .Add("/schemas/b.fbs", "include \"a.fbs\";\ninclude \"d.fbs\";\ntable B {}")
            .Add("/schemas/c.fbs", "include \"d.fbs\";\ntable C {}")
            .Add("/schemas/d.fbs", "table D {}");

        var result = TestCompiler.Compile(files, "/schemas/a.fbs");

        Assert.IsFalse(result.HasErrors, TestCompiler.Format(result));
        Assert.AreEqual(4, files.ReadCount);
        CollectionAssert.AreEqual(new[] { "D", "B", "C", "A" }, result.Model!.Declarations.Select(d => d.Name).ToArray());
    }

    [TestMethod]
    public void Compile_EnumFromIncludedFile_CountsAsDeclaredBefore()
    {
        var files = new InMemorySchemaFileSystem()
            .Add("/schemas/main.fbs", "include \"enums.fbs\";\ntable T { c: Color = Blue; }")
            .Add("/schemas/enums.fbs", "enum Color : byte { Red, Blue }");

        var result = TestCompiler.Compile(files, "/schemas/main.fbs");

        Assert.IsFalse(result.HasErrors, TestCompiler.Format(result));
    }

    [TestMethod]
    public void Compile_MultipleRoots_AreAllCompiledAndMarked()
    {
        var files = new InMemorySchemaFileSystem()
            .Add("/schemas/a.fbs", "table A {}\nroot_type A;")
            .Add("/schemas/b.fbs", "table B {}");

        var result = TestCompiler.Compile(files, "/schemas/a.fbs", "/schemas/b.fbs");

        Assert.IsFalse(result.HasErrors, TestCompiler.Format(result));
        Assert.AreEqual(2, result.Model!.Files.Count(f => f.IsRoot));
        Assert.AreEqual("A", result.Model.RootType!.Name);
    }

    [TestMethod]
    public void Compile_NoRootFiles_IsRejected()
    {
        var result = TestCompiler.Compile(new InMemorySchemaFileSystem());

        Assert.AreEqual("SMF0201", result.Diagnostics.Single().Code);
        Assert.IsNull(result.Model);
    }

    [TestMethod]
    public void Compile_MissingRootFile_IsRejected()
    {
        var result = TestCompiler.Compile(new InMemorySchemaFileSystem(), "/schemas/none.fbs");

        Assert.AreEqual("SMF0202", result.Diagnostics.Single().Code);
        StringAssert.Contains(result.Diagnostics[0].Message, "/schemas/none.fbs");
    }

    [TestMethod]
    public void Compile_UnreadableFile_IsRejected()
    {
        var files = new InMemorySchemaFileSystem().Add("/schemas/main.fbs", "table T {}").MakeUnreadable("/schemas/main.fbs");

        var result = TestCompiler.Compile(files, "/schemas/main.fbs");

        Assert.AreEqual("SMF0204", result.Diagnostics.Single().Code);
        Assert.AreEqual("/schemas/main.fbs", result.Diagnostics[0].File);
    }

    [TestMethod]
    public void Compile_DeepIncludeChain_IsCutWithDiagnostic()
    {
        var files = new InMemorySchemaFileSystem();
        for (var i = 0; i < 300; i++)
        {
            files.Add("/schemas/f" + i + ".fbs", "include \"f" + (i + 1) + ".fbs\";\ntable T" + i + " {}");
        }

        files.Add("/schemas/f300.fbs", "table End {}");

        var result = TestCompiler.Compile(files, "/schemas/f0.fbs");

        Assert.AreEqual("SMF0102", result.Diagnostics.Single().Code);
    }

    [TestMethod]
    public void Compile_DeeplyNestedVectorType_IsCutWithDiagnostic()
    {
        var text = "table T { a: " + new string('[', 40) + "int" + new string(']', 40) + "; }";

        var result = TestCompiler.Compile(text);

        Assert.AreEqual("SMF0102", result.Diagnostics[0].Code);
        Assert.AreEqual(14 + 32, result.Diagnostics[0].Column);
    }
}
