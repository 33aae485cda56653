using Smf.Compiler;
using Smf.Compiler.CodeGen;
using Smf.Compiler.Schema;

namespace Smf.Smfc;

/// <summary>
/// Writes the C# of each root schema file to <c>--output_path</c> as <c>&lt;schema name&gt;_generated.cs</c>
/// (included files are generated when they are given as roots too, as with flatc). Unchanged files are not rewritten.
/// </summary>
internal static class SmfcCodeGeneration
{
    /// <summary>Generates and writes; returns the process exit code (0 success, 1 any error).</summary>
    public static int Write(SchemaModel model, string outputPath, TextWriter stdout, TextWriter stderr)
    {
        var roots = model.Files.Where(f => f.IsRoot).ToList();
        var failed = false;
        foreach (var diagnostic in CSharpGenerator.Validate(model, roots))
        {
            stderr.WriteLine(diagnostic.ToString());
            failed |= diagnostic.Severity == DiagnosticSeverity.Error;
        }

        if (failed)
        {
            return 1;
        }

        Directory.CreateDirectory(outputPath);
        foreach (var file in roots)
        {
            var code = CSharpGenerator.Generate(model, [file]);
            var path = Path.Combine(outputPath, CSharpGenerator.GetOutputFileName(file));
            if (!File.Exists(path) || File.ReadAllText(path) != code)
            {
                File.WriteAllText(path, code);
            }

            stdout.WriteLine("smfc: wrote " + path);
        }

        return 0;
    }
}
