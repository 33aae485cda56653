using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>
/// Maps schema declarations and types to C# names: namespaces (or the override), <c>global::</c>-qualified type
/// names, object-API class names and collision-free member names. Shared by every C# emitter (services too).
/// </summary>
internal sealed class CSharpTypeMap
{
    private readonly string? _namespaceOverride;
    private readonly Dictionary<Declaration, MemberNames> _members = new();

    public CSharpTypeMap(CSharpGeneratorOptions options)
    {
        _namespaceOverride = options.NamespaceOverride;
    }

    /// <summary>The C# namespace of a declaration (escaped, dotted), or empty for the global namespace.</summary>
    public string Namespace(Declaration declaration)
    {
        if (_namespaceOverride is not null)
        {
            return _namespaceOverride;
        }

        var parts = new string[declaration.Namespace.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = CSharpNames.Escape(declaration.Namespace[i]);
        }

        return string.Join(".", parts);
    }

    /// <summary>The simple C# name of the accessor struct, enum or union enum of a declaration.</summary>
    public string Name(Declaration declaration) => CSharpNames.Escape(declaration.Name);

    /// <summary>The simple C# name of the object-API class: <c>XT</c> for tables and structs, <c>XUnion</c> for unions.</summary>
    public string ObjectName(Declaration declaration) =>
        declaration.Kind == DeclarationKind.Union ? declaration.Name + "Union" : declaration.Name + "T";

    /// <summary>The <c>global::</c>-qualified C# name of <see cref="Name(Declaration)"/>.</summary>
    public string Qualified(Declaration declaration) => Qualify(declaration, Name(declaration));

    /// <summary>The <c>global::</c>-qualified C# name of <see cref="ObjectName(Declaration)"/>.</summary>
    public string QualifiedObject(Declaration declaration) => Qualify(declaration, ObjectName(declaration));

    /// <summary>The C# type of a scalar or enum schema type (qualified enum name).</summary>
    public string Value(SchemaType type) =>
        type.Kind == SchemaTypeKind.Enum ? Qualified(type.Enum!) :
        type.Kind == SchemaTypeKind.Union ? Qualified(type.Union!) :
        CSharpNames.Scalar(type.Scalar);

    /// <summary>The collision-free member names of a table or struct.</summary>
    public MemberNames Members(Declaration declaration)
    {
        if (!_members.TryGetValue(declaration, out var names))
        {
            names = new MemberNames(this, declaration);
            _members.Add(declaration, names);
        }

        return names;
    }

    private string Qualify(Declaration declaration, string name)
    {
        var ns = Namespace(declaration);
        return ns.Length == 0 ? "global::" + name : "global::" + ns + "." + name;
    }
}
