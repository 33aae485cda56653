namespace Smf.Compiler;

/// <summary>The real file system.</summary>
internal sealed class PhysicalSchemaFileSystem : ISchemaFileSystem
{
    public static readonly PhysicalSchemaFileSystem Instance = new();

    public string GetFullPath(string path) => Path.GetFullPath(path);

    public bool FileExists(string fullPath) => File.Exists(fullPath);

    public string? ReadAllText(string fullPath, out string? error)
    {
        try
        {
            error = null;
            return File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            error = ex.Message;
            return null;
        }
    }
}
