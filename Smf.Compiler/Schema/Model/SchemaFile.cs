namespace Smf.Compiler.Schema;

/// <summary>One parsed schema file.</summary>
public sealed class SchemaFile
{
    internal SchemaFile(string path, bool isRoot)
    {
        Path = path;
        IsRoot = isRoot;
    }

    /// <summary>The full path.</summary>
    public string Path { get; }

    /// <summary>True when the file was given as a root (not only reached through <c>include</c>).</summary>
    public bool IsRoot { get; }

    /// <summary>The files this one includes (full paths), in source order.</summary>
    public IReadOnlyList<string> Includes { get; internal set; } = Array.Empty<string>();

    /// <summary>The tables, structs, enums, unions and services declared in this file, in source order.</summary>
    public IReadOnlyList<Declaration> Declarations { get; internal set; } = Array.Empty<Declaration>();

    /// <summary>The <c>root_type</c> of this file, or null.</summary>
    public TableDefinition? RootType { get; internal set; }

    /// <summary>The <c>file_identifier</c> (exactly 4 bytes), or null.</summary>
    public string? FileIdentifier { get; internal set; }

    /// <summary>The <c>file_extension</c>, or null.</summary>
    public string? FileExtension { get; internal set; }

    /// <summary>The attributes this file declares with <c>attribute "name";</c>.</summary>
    public IReadOnlyList<string> DeclaredAttributes { get; internal set; } = Array.Empty<string>();

    /// <summary>Returns <see cref="Path"/>.</summary>
    /// <returns>The path.</returns>
    public override string ToString() => Path;
}
