using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>What one generated C# unit covers: the model, the files whose declarations it emits, the options and the name map.</summary>
internal sealed class CSharpUnit
{
    private readonly HashSet<SchemaFile> _files;

    public CSharpUnit(SchemaModel model, IReadOnlyList<SchemaFile> files, CSharpGeneratorOptions options)
    {
        Model = model;
        Files = files;
        Options = options;
        Types = new CSharpTypeMap(options);
        _files = new HashSet<SchemaFile>(files);
        Modifier = options.Accessibility == CSharpAccessibility.Internal ? "internal" : "public";
    }

    public SchemaModel Model { get; }

    public IReadOnlyList<SchemaFile> Files { get; }

    public CSharpGeneratorOptions Options { get; }

    public CSharpTypeMap Types { get; }

    /// <summary><c>public</c> or <c>internal</c>, for the generated types.</summary>
    public string Modifier { get; }

    /// <summary>True when the declaration belongs to one of the unit's files (and so is emitted by this unit).</summary>
    public bool Contains(Declaration declaration) => _files.Contains(declaration.File);

    /// <summary>The declarations of the unit's files, sorted by C# namespace then name (ordinal).</summary>
    public List<Declaration> SortedDeclarations()
    {
        var list = new List<Declaration>();
        foreach (var file in Files)
        {
            list.AddRange(file.Declarations);
        }

        list.Sort((a, b) =>
        {
            var byNamespace = string.CompareOrdinal(Types.Namespace(a), Types.Namespace(b));
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.FullName, b.FullName);
        });
        return list;
    }

    /// <summary>The file identifier a table's buffers carry: its file's identifier when the table is that file's root_type.</summary>
    public static string? IdentifierOf(TableDefinition table) =>
        table.File is { } file && ReferenceEquals(file.RootType, table) ? file.FileIdentifier : null;
}
