using Smf.Compiler;
using Smf.Compiler.CodeGen;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>Compiles the test schemas under Schemas/ and generates their C#.</summary>
internal static class Schemas
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Schemas");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static SchemaModel Compile(params string[] names)
    {
        var options = new SchemaCompilationOptions();
        foreach (var name in names)
        {
            options.RootFiles.Add(PathOf(name));
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
