using Smf.Compiler;
using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Schema;

/// <summary>Compiles in-memory schemas and asserts on the result.</summary>
internal static class TestCompiler
{
    public const string MainPath = "/schemas/main.fbs";

    public static CompilationResult Compile(string text) => Compile(new InMemorySchemaFileSystem().Add(MainPath, text), MainPath);

    public static CompilationResult Compile(InMemorySchemaFileSystem files, params string[] roots)
    {
        var options = new SchemaCompilationOptions { FileSystem = files };
        foreach (var root in roots)
        {
            options.RootFiles.Add(root);
        }

        return SchemaCompiler.Compile(options);
    }

    public static CompilationResult CompileWithIncludeDirectories(InMemorySchemaFileSystem files, string root, params string[] includeDirectories)
    {
        var options = new SchemaCompilationOptions { FileSystem = files };
        options.RootFiles.Add(root);
        foreach (var directory in includeDirectories)
        {
            options.IncludeDirectories.Add(directory);
        }

        return SchemaCompiler.Compile(options);
    }

    /// <summary>Compiles and asserts success; returns the model.</summary>
    public static SchemaModel Valid(string text)
    {
        var result = Compile(text);
        Assert.IsFalse(result.HasErrors, "Unexpected diagnostics:\n" + Format(result));
        Assert.IsNotNull(result.Model);
        return result.Model;
    }

    /// <summary>Compiles and asserts that the first error has the code and span.</summary>
    public static void Invalid(string text, string code, int line, int column, int endLine, int endColumn)
    {
        var result = Compile(text);
        Assert.IsTrue(result.HasErrors, "Expected " + code + " but the schema compiled.");
        Assert.IsNull(result.Model);
        var first = result.Diagnostics[0];
        var expected = MainPath + "(" + line + "," + column + "," + endLine + "," + endColumn + "): error " + code;
        Assert.IsTrue(first.ToString().StartsWith(expected, StringComparison.Ordinal), "Expected '" + expected + "...' but got:\n" + Format(result));
    }

    public static string Format(CompilationResult result) => string.Join("\n", result.Diagnostics);

    public static T Find<T>(SchemaModel model, string fullName)
        where T : Declaration
    {
        var declaration = model.Find(fullName);
        Assert.IsNotNull(declaration, "No declaration '" + fullName + "'.");
        Assert.IsInstanceOfType<T>(declaration);
        return (T)declaration;
    }
}
