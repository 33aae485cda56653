using Smf.Compiler.Schema;

namespace Smf.Compiler;

/// <summary>One compilation: loads files depth-first (includes before includers, each file once) then binds.</summary>
internal sealed class CompilationSession
{
    private readonly ISchemaFileSystem _fileSystem;
    private readonly List<string> _includeDirectories = new();
    private readonly DiagnosticBag _diagnostics = new();
    private readonly Dictionary<string, SyntaxFile?> _loaded = new(StringComparer.Ordinal);
    private readonly List<SyntaxFile> _ordered = new();
    private readonly List<string> _dependencies = new();

    public CompilationSession(ISchemaFileSystem fileSystem, IEnumerable<string> includeDirectories)
    {
        _fileSystem = fileSystem;
        foreach (var directory in includeDirectories)
        {
            if (!string.IsNullOrEmpty(directory) && TryGetFullPath(directory, out var full))
            {
                _includeDirectories.Add(full);
            }
        }
    }

    public CompilationResult Run(IList<string> rootFiles)
    {
        var roots = new HashSet<string>(StringComparer.Ordinal);
        if (rootFiles.Count == 0)
        {
            _diagnostics.Add(DiagnosticCodes.NoInputFiles, "No schema file was given; pass at least one .fbs file.", string.Empty, 0, 0, 0, 0);
        }

        foreach (var root in rootFiles)
        {
            if (string.IsNullOrEmpty(root) || !TryGetFullPath(root, out var full) || !_fileSystem.FileExists(full))
            {
                _diagnostics.Add(DiagnosticCodes.FileNotFound, "The schema file '" + root + "' does not exist.", string.Empty, 0, 0, 0, 0);
                continue;
            }

            roots.Add(full);
            Load(full, 0, default);
        }

        SchemaModel? model = null;
        if (_diagnostics.ErrorCount == 0 || _ordered.Count > 0)
        {
            model = Binder.Bind(_ordered, roots, _diagnostics);
        }

        return new CompilationResult(_diagnostics.ErrorCount == 0 ? model : null, SortByLocation(_diagnostics.Items), _dependencies);
    }

    /// <summary>Orders diagnostics by file (in load order), then line and column; stable for equal positions.</summary>
    private List<Diagnostic> SortByLocation(IReadOnlyList<Diagnostic> items)
    {
        var fileRank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _dependencies.Count; i++)
        {
            fileRank[_dependencies[i]] = i + 1;
        }

        var keyed = new List<KeyValuePair<int, Diagnostic>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            keyed.Add(new KeyValuePair<int, Diagnostic>(i, items[i]));
        }

        keyed.Sort((a, b) =>
        {
            fileRank.TryGetValue(a.Value.File, out var fa);
            fileRank.TryGetValue(b.Value.File, out var fb);
            var c = fa.CompareTo(fb);
            if (c == 0)
            {
                c = a.Value.Line.CompareTo(b.Value.Line);
            }

            if (c == 0)
            {
                c = a.Value.Column.CompareTo(b.Value.Column);
            }

            return c != 0 ? c : a.Key.CompareTo(b.Key);
        });
        var result = new List<Diagnostic>(keyed.Count);
        foreach (var pair in keyed)
        {
            result.Add(pair.Value);
        }

        return result;
    }

    private void Load(string fullPath, int depth, SourceLocation includedFrom)
    {
        if (_loaded.ContainsKey(fullPath))
        {
            return;
        }

        if (depth > SchemaCompiler.MaxIncludeDepth)
        {
            _diagnostics.Add(DiagnosticCodes.NestingTooDeep, "The include chain is deeper than " + SchemaCompiler.MaxIncludeDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) + " files.", includedFrom);
            return;
        }

        _loaded.Add(fullPath, null);
        _dependencies.Add(fullPath);
        var text = _fileSystem.ReadAllText(fullPath, out var error);
        if (text is null)
        {
            _diagnostics.Add(DiagnosticCodes.FileUnreadable, "The schema file could not be read: " + error, fullPath, 0, 0, 0, 0);
            return;
        }

        var syntax = Parser.Parse(text, fullPath, _diagnostics);
        _loaded[fullPath] = syntax;
        var directory = Path.GetDirectoryName(fullPath) ?? string.Empty;
        var resolvedIncludes = new List<NamedSyntax>(syntax.Includes.Count);
        foreach (var include in syntax.Includes)
        {
            var resolved = ResolveInclude(include.Text, directory);
            if (resolved is null)
            {
                _diagnostics.Add(DiagnosticCodes.IncludeNotFound, "The include '" + include.Text + "' was not found next to the including file or in any include directory.", include.Location);
                continue;
            }

            resolvedIncludes.Add(new NamedSyntax(resolved, include.Location, include.Namespace));
            Load(resolved, depth + 1, include.Location);
        }

        syntax.Includes.Clear();
        syntax.Includes.AddRange(resolvedIncludes);
        _ordered.Add(syntax);
    }

    private string? ResolveInclude(string include, string directory)
    {
        if (include.Length == 0)
        {
            return null;
        }

        if (TryCombine(directory, include, out var candidate) && _fileSystem.FileExists(candidate))
        {
            return candidate;
        }

        foreach (var includeDirectory in _includeDirectories)
        {
            if (TryCombine(includeDirectory, include, out candidate) && _fileSystem.FileExists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private bool TryCombine(string directory, string relative, out string full)
    {
        try
        {
            return TryGetFullPath(Path.Combine(directory, relative), out full);
        }
        catch (ArgumentException)
        {
            full = string.Empty;
            return false;
        }
    }

    private bool TryGetFullPath(string path, out string full)
    {
        try
        {
            full = _fileSystem.GetFullPath(path);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException or System.Security.SecurityException)
        {
            full = string.Empty;
            return false;
        }
    }
}
