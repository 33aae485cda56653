namespace Smf.Compiler;

/// <summary>What the compiler needs from a file system; tests substitute in-memory files.</summary>
internal interface ISchemaFileSystem
{
    /// <summary>Returns the absolute, normalized form of <paramref name="path"/>.</summary>
    string GetFullPath(string path);

    /// <summary>Returns true when <paramref name="fullPath"/> names an existing file.</summary>
    bool FileExists(string fullPath);

    /// <summary>Reads a whole file as text (UTF-8), or returns null with a reason when it cannot be read.</summary>
    string? ReadAllText(string fullPath, out string? error);
}
