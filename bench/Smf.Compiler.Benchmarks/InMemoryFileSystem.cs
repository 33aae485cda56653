namespace Smf.Compiler.Benchmarks;

/// <summary>Serves the generated schema from memory so the benchmark measures parsing and resolution, not disk I/O.</summary>
internal sealed class InMemoryFileSystem : ISchemaFileSystem
{
    private readonly string _path;
    private readonly string _text;

    public InMemoryFileSystem(string path, string text)
    {
        _path = path;
        _text = text;
    }

    public string GetFullPath(string path) => path;

    public bool FileExists(string fullPath) => fullPath == _path;

    public string? ReadAllText(string fullPath, out string? error)
    {
        error = fullPath == _path ? null : "not found";
        return fullPath == _path ? _text : null;
    }
}
