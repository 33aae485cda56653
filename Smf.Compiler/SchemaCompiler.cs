using Smf.Compiler.Schema;

namespace Smf.Compiler;

/// <summary>
/// The schema compiler front end: reads the root schema files and their includes, parses them and
/// returns the resolved <see cref="SchemaModel"/> with every diagnostic. The MSBuild task, smfc and the
/// tests all call <see cref="Compile(SchemaCompilationOptions)"/>.
/// </summary>
public static class SchemaCompiler
{
    /// <summary>The deepest include chain followed before reporting SMF0102.</summary>
    internal const int MaxIncludeDepth = 128;

    /// <summary>Compiles the schema files named by <paramref name="options"/>. Never throws for any schema input.</summary>
    /// <param name="options">The root files and include directories.</param>
    /// <returns>The model (null when there are errors), the diagnostics and every file read.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static CompilationResult Compile(SchemaCompilationOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var session = new CompilationSession(options.FileSystem ?? PhysicalSchemaFileSystem.Instance, options.IncludeDirectories);
        return session.Run(options.RootFiles);
    }
}
