using Smf.Compiler.Schema;

namespace Smf.Compiler;

/// <summary>The outcome of <c>SchemaCompiler.Compile</c>.</summary>
public sealed class CompilationResult
{
    internal CompilationResult(SchemaModel? model, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> dependencies)
    {
        Model = model;
        Diagnostics = diagnostics;
        Dependencies = dependencies;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                HasErrors = true;
                break;
            }
        }
    }

    /// <summary>The resolved model; <see langword="null"/> when <see cref="HasErrors"/> is true.</summary>
    public SchemaModel? Model { get; }

    /// <summary>Every diagnostic, in the order the files and declarations were processed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when at least one diagnostic is an error.</summary>
    public bool HasErrors { get; }

    /// <summary>The full path of every schema file that was read (roots and includes), for incremental builds.</summary>
    public IReadOnlyList<string> Dependencies { get; }
}
