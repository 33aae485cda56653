using Smf.Compiler;

namespace Smf.Smfc;

/// <summary>Runs smfc: parse arguments, compile, print diagnostics (canonical MSBuild form) to stderr.</summary>
internal static class SmfcCommand
{
    /// <summary>Runs the command; returns the process exit code (0 success, 1 any error).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var arguments = SmfcArguments.Parse(args, out var error);
        if (arguments is null)
        {
            stderr.WriteLine("smfc : error SMF0200: " + error);
            stderr.WriteLine(SmfcArguments.Usage);
            return 1;
        }

        if (arguments.ShowHelp)
        {
            stdout.WriteLine(SmfcArguments.Usage);
            return 0;
        }

        var options = new SchemaCompilationOptions();
        foreach (var file in arguments.Files)
        {
            options.RootFiles.Add(file);
        }

        foreach (var directory in arguments.IncludeDirectories)
        {
            options.IncludeDirectories.Add(directory);
        }

        var result = SchemaCompiler.Compile(options);
        foreach (var diagnostic in result.Diagnostics)
        {
            stderr.WriteLine(diagnostic.ToString());
        }

        if (result.HasErrors || result.Model is null)
        {
            return 1;
        }

        // Code generation (CodeGen owner): with a valid model, write the C# for --output_path.
        return arguments.OutputPath is null ? 0 : SmfcCodeGeneration.Write(result.Model, arguments.OutputPath, stdout, stderr);
    }
}
