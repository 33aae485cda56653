using Smf.Compiler;

namespace Smf.Compiler.Tests.Schema;

/// <summary>Schema files held in memory, keyed by absolute path.</summary>
internal sealed class InMemorySchemaFileSystem : ISchemaFileSystem
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadable = new(StringComparer.Ordinal);

    public int ReadCount { get; private set; }

    public InMemorySchemaFileSystem Add(string path, string text)
    {
        _files[GetFullPath(path)] = text;
        return this;
    }

    public InMemorySchemaFileSystem MakeUnreadable(string path)
    {
        _unreadable.Add(GetFullPath(path));
        return this;
    }

    public string GetFullPath(string path) => Path.GetFullPath(path, "/schemas");

    public bool FileExists(string fullPath) => _files.ContainsKey(fullPath);

    public string? ReadAllText(string fullPath, out string? error)
    {
        ReadCount++;
        if (_files.TryGetValue(fullPath, out var text) && !_unreadable.Contains(fullPath))
        {
            error = null;
            return text;
        }

        error = "permission denied";
        return null;
    }
}
