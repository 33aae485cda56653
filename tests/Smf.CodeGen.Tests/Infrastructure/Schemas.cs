using Smf.Compiler;
using Smf.Compiler.CodeGen;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>Compiles the test schemas under Schemas/ and generates their C#.</summary>
internal static class Schemas
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Schemas");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>The copies of Google's FlatBuffers test schemas (see its README.md).</summary>
    public static string UpstreamDirectory => Path.Combine(AppContext.BaseDirectory, "Upstream", "flatbuffers");

    /// <summary>The path of an upstream schema, e.g. <c>tests/monster_test.fbs</c>.</summary>
    public static string UpstreamPathOf(string relativePath) => Path.Combine(UpstreamDirectory, relativePath);

    /// <summary>The include directories a schema needs: for the upstream schemas those FlatBuffers' own tests pass, else none.</summary>
    public static IReadOnlyList<string> IncludeDirectoriesFor(string schemaPath)
    {
        var root = UpstreamDirectory;
        if (!Path.GetFullPath(schemaPath).StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return [];
        }

        return [root, Path.Combine(root, "tests"), Path.Combine(root, "tests", "include_test"), Path.Combine(root, "tests", "include_test", "sub")];
    }

    public static SchemaModel Compile(params string[] names)
    {
        var options = new SchemaCompilationOptions();
        foreach (var name in names)
        {
            options.RootFiles.Add(PathOf(name));
            foreach (var directory in IncludeDirectoriesFor(PathOf(name)))
            {
                if (!options.IncludeDirectories.Contains(directory))
                {
                    options.IncludeDirectories.Add(directory);
                }
            }
        }

        var result = SchemaCompiler.Compile(options);
        if (result.HasErrors || result.Model is null)
        {
            throw new AssertFailedException("The schema does not compile: " + string.Join("; ", result.Diagnostics));
        }

        return result.Model;
    }

    /// <summary>Generates the C# of every file of the schema's model (one unit).</summary>
    public static string Generate(string name, CSharpGeneratorOptions? options = null)
    {
        var model = Compile(name);
        return CSharpGenerator.Generate(model, model.Files, options);
    }
}
