namespace Smf.Compiler;

/// <summary>Inputs of one schema compilation.</summary>
public sealed class SchemaCompilationOptions
{
    /// <summary>The root schema files (relative paths are taken from the current directory). Must not be empty.</summary>
    public IList<string> RootFiles { get; } = new List<string>();

    /// <summary>Directories searched for <c>include</c> files after the including file's own directory, in order. Defaults to none.</summary>
    public IList<string> IncludeDirectories { get; } = new List<string>();

    /// <summary>The file system seam; defaults to the real file system.</summary>
    internal ISchemaFileSystem? FileSystem { get; set; }
}
