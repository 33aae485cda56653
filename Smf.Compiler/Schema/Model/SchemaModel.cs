namespace Smf.Compiler.Schema;

/// <summary>The resolved, validated model of a compilation: every file and declaration.</summary>
public sealed class SchemaModel
{
    private readonly Dictionary<string, Declaration> _byFullName;

    internal SchemaModel(IReadOnlyList<SchemaFile> files, IReadOnlyList<Declaration> declarations, IReadOnlyList<string> declaredAttributes)
    {
        Files = files;
        Declarations = declarations;
        DeclaredAttributes = declaredAttributes;
        _byFullName = new Dictionary<string, Declaration>(StringComparer.Ordinal);
        var tables = new List<TableDefinition>();
        var structs = new List<StructDefinition>();
        var enums = new List<EnumDefinition>();
        var unions = new List<UnionDefinition>();
        var services = new List<ServiceDefinition>();
        foreach (var declaration in declarations)
        {
            _byFullName[declaration.FullName] = declaration;
            switch (declaration)
            {
                case TableDefinition t: tables.Add(t); break;
                case StructDefinition s: structs.Add(s); break;
                case EnumDefinition e: enums.Add(e); break;
                case UnionDefinition u: unions.Add(u); break;
                case ServiceDefinition v: services.Add(v); break;
            }
        }

        Tables = tables;
        Structs = structs;
        Enums = enums;
        Unions = unions;
        Services = services;
        foreach (var file in files)
        {
            if (file.IsRoot)
            {
                RootFile = file;
                break;
            }
        }
    }

    /// <summary>Every file, roots and includes, in the order they were parsed (an included file before its includer).</summary>
    public IReadOnlyList<SchemaFile> Files { get; }

    /// <summary>The first root file, or null when there were no files.</summary>
    public SchemaFile? RootFile { get; }

    /// <summary>Every declaration in parse order.</summary>
    public IReadOnlyList<Declaration> Declarations { get; }

    /// <summary>Every table in parse order.</summary>
    public IReadOnlyList<TableDefinition> Tables { get; }

    /// <summary>Every struct in parse order.</summary>
    public IReadOnlyList<StructDefinition> Structs { get; }

    /// <summary>Every enum in parse order.</summary>
    public IReadOnlyList<EnumDefinition> Enums { get; }

    /// <summary>Every union in parse order.</summary>
    public IReadOnlyList<UnionDefinition> Unions { get; }

    /// <summary>Every rpc_service in parse order.</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>Every attribute name declared with <c>attribute</c> in any file.</summary>
    public IReadOnlyList<string> DeclaredAttributes { get; }

    /// <summary>The <c>root_type</c> of the first root file, or null.</summary>
    public TableDefinition? RootType => RootFile?.RootType;

    /// <summary>The <c>file_identifier</c> of the first root file, or null.</summary>
    public string? FileIdentifier => RootFile?.FileIdentifier;

    /// <summary>The <c>file_extension</c> of the first root file, or null.</summary>
    public string? FileExtension => RootFile?.FileExtension;

    /// <summary>Finds a declaration by its qualified name with '.', e.g. <c>kvstore.fbs.PutRequest</c>.</summary>
    /// <param name="fullName">The qualified name.</param>
    /// <returns>The declaration, or null.</returns>
    public Declaration? Find(string fullName) => _byFullName.TryGetValue(fullName, out var d) ? d : null;
}
