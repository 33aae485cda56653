namespace Smf.Compiler.Schema;

/// <summary>A named top-level declaration: table, struct, enum, union or rpc_service.</summary>
public abstract class Declaration
{
    private protected Declaration(string name, IReadOnlyList<string> @namespace, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
    {
        Name = name;
        Namespace = @namespace;
        Documentation = documentation;
        Attributes = attributes;
        Location = location;
        NamespaceName = string.Join(".", @namespace);
        FullName = NamespaceName.Length == 0 ? name : NamespaceName + "." + name;
        CppName = @namespace.Count == 0 ? name : string.Join("::", @namespace) + "::" + name;
    }

    /// <summary>What kind of declaration this is.</summary>
    public abstract DeclarationKind Kind { get; }

    /// <summary>The unqualified name as written.</summary>
    public string Name { get; }

    /// <summary>The namespace components, e.g. <c>["kvstore", "fbs"]</c>; empty for the global namespace.</summary>
    public IReadOnlyList<string> Namespace { get; }

    /// <summary>The namespace joined with '.', e.g. <c>kvstore.fbs</c>; empty for the global namespace.</summary>
    public string NamespaceName { get; }

    /// <summary>The qualified name with '.', e.g. <c>kvstore.fbs.PutRequest</c>.</summary>
    public string FullName { get; }

    /// <summary>The qualified name C++ style with '::', e.g. <c>kvstore::fbs::PutRequest</c> (used by rpc request ids).</summary>
    public string CppName { get; }

    /// <summary>The <c>///</c> doc comment lines before the declaration, without the slashes (one leading space removed).</summary>
    public IReadOnlyList<string> Documentation { get; }

    /// <summary>Every attribute written on the declaration, in source order.</summary>
    public IReadOnlyList<SchemaAttribute> Attributes { get; }

    /// <summary>Where the name was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>The one <see cref="SchemaType"/> naming this declaration, shared by every field that uses it.</summary>
    internal SchemaType? TypeReference { get; set; }

    /// <summary>The file that declares this.</summary>
    public SchemaFile File { get; internal set; } = null!;

    /// <summary>Finds an attribute by name.</summary>
    /// <param name="name">The attribute name, e.g. <c>csharp_partial</c>.</param>
    /// <returns>The first attribute with that name, or null.</returns>
    public SchemaAttribute? FindAttribute(string name) => AttributeLookup.Find(Attributes, name);

    /// <summary>Returns <see cref="FullName"/>.</summary>
    /// <returns>The qualified name.</returns>
    public override string ToString() => FullName;
}
