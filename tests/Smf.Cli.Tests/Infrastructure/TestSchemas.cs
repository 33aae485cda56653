using Smf.Compiler;
using Smf.Compiler.Schema;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>The test schemas compiled with the in-process compiler, and the flatc-printable copy of everything.fbs.</summary>
internal static class TestSchemas
{
    public static SchemaModel Compile(string path)
    {
        var options = new SchemaCompilationOptions();
        options.RootFiles.Add(path);
        var result = SchemaCompiler.Compile(options);
        Assert.IsNotNull(result.Model, string.Join("\n", result.Diagnostics));
        return result.Model;
    }

    public static TableDefinition Table(SchemaModel model, string fullName) => (TableDefinition)model.Find(fullName)!;

    /// <summary>
    /// everything.fbs as flatc 2.0.8 can print it as JSON: it prints no vectors of unions and no unions of structs or
    /// strings, so those two fields become plain fields in the same vtable slots (buffers must leave them absent).
    /// </summary>
    public static string PrintableEverything()
    {
        var lines = File.ReadAllLines(Oracle.SchemaPath("everything.fbs"))
            .Where(line => !line.StartsWith("union Payload", StringComparison.Ordinal))
            .Select(line => line.Replace("  gear: [Equipment];", "  gear_type: [ubyte]; gear: [Empty];", StringComparison.Ordinal)
                .Replace("  payload: Payload;", "  payload_type: ubyte; payload: Empty;", StringComparison.Ordinal));
        var directory = Path.Combine(Path.GetTempPath(), "smf-cli-oracle", "printable");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"everything-{Environment.ProcessId}.fbs");
        File.WriteAllText(path, string.Join("\n", lines));
        return path;
    }
}
