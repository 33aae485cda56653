using Smf.Compiler.Schema;

namespace Smf.Build.Tasks.Internal;

/// <summary>
/// Decides which schema files each item emits, so that every type is generated exactly once per
/// project: an item emits its own file, plus each included file that is not itself an item and is
/// reached from it; when several items reach such a file, the one with the smallest full path (by
/// ordinal comparison) owns it, so the choice does not depend on item order.
/// </summary>
internal sealed class GenerationPlan
{
    private readonly Dictionary<SchemaItem, List<SchemaFile>> _emitted;
    private readonly Dictionary<SchemaItem, List<string>> _closures;

    private GenerationPlan(Dictionary<SchemaItem, List<SchemaFile>> emitted, Dictionary<SchemaItem, List<string>> closures)
    {
        _emitted = emitted;
        _closures = closures;
    }

    /// <summary>Plans a compilation that produced <paramref name="model"/> from the roots in <paramref name="items"/>.</summary>
    public static GenerationPlan Create(SchemaModel model, IReadOnlyList<SchemaItem> items)
    {
        var filesByPath = new Dictionary<string, SchemaFile>(PathComparer.Instance);
        foreach (var file in model.Files)
        {
            filesByPath[file.Path] = file;
        }

        var itemPaths = new HashSet<string>(PathComparer.Instance);
        foreach (var item in items)
        {
            itemPaths.Add(item.FullPath);
        }

        var closures = new Dictionary<SchemaItem, List<string>>();
        var closureSets = new Dictionary<SchemaItem, HashSet<string>>();
        foreach (var item in items)
        {
            var closure = Closure(item.FullPath, filesByPath);
            closures.Add(item, closure);
            closureSets.Add(item, new HashSet<string>(closure, PathComparer.Instance));
        }

        var owners = new List<SchemaItem>();
        foreach (var item in items)
        {
            if (item.Generate)
            {
                owners.Add(item);
            }
        }

        owners.Sort((a, b) => string.CompareOrdinal(a.FullPath, b.FullPath));

        var emitted = new Dictionary<SchemaItem, List<SchemaFile>>();
        foreach (var owner in owners)
        {
            emitted.Add(owner, new List<SchemaFile>());
        }

        // model.Files lists an included file before its includer: emitted files keep that order.
        foreach (var file in model.Files)
        {
            if (itemPaths.Contains(file.Path))
            {
                continue;
            }

            foreach (var owner in owners)
            {
                if (closureSets[owner].Contains(file.Path))
                {
                    emitted[owner].Add(file);
                    break;
                }
            }
        }

        foreach (var owner in owners)
        {
            if (filesByPath.TryGetValue(owner.FullPath, out var ownFile))
            {
                emitted[owner].Add(ownFile);
            }
        }

        return new GenerationPlan(emitted, closures);
    }

    /// <summary>A plan for a failed compilation: every item depends on every file that was read.</summary>
    public static GenerationPlan ForFailedCompilation(IReadOnlyList<SchemaItem> items, IReadOnlyList<string> filesRead)
    {
        var closures = new Dictionary<SchemaItem, List<string>>();
        foreach (var item in items)
        {
            var closure = new List<string> { item.FullPath };
            foreach (var file in filesRead)
            {
                if (!PathComparer.Instance.Equals(file, item.FullPath))
                {
                    closure.Add(file);
                }
            }

            closures.Add(item, closure);
        }

        return new GenerationPlan(new Dictionary<SchemaItem, List<SchemaFile>>(), closures);
    }

    /// <summary>The files whose declarations go into <paramref name="item"/>'s output: includes first, its own file last.</summary>
    public IReadOnlyList<SchemaFile> FilesEmittedBy(SchemaItem item) =>
        _emitted.TryGetValue(item, out var files) ? files : (IReadOnlyList<SchemaFile>)Array.Empty<SchemaFile>();

    /// <summary>The item's own file and every file it includes, directly or not (the dependency file's lines).</summary>
    public IReadOnlyList<string> DependenciesOf(SchemaItem item) => _closures[item];

    private static List<string> Closure(string root, Dictionary<string, SchemaFile> filesByPath)
    {
        var result = new List<string>();
        var visited = new HashSet<string>(PathComparer.Instance);
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var path = pending.Pop();
            if (!visited.Add(path))
            {
                continue;
            }

            result.Add(path);
            if (filesByPath.TryGetValue(path, out var file))
            {
                for (var i = file.Includes.Count - 1; i >= 0; i--)
                {
                    pending.Push(file.Includes[i]);
                }
            }
        }

        return result;
    }
}
