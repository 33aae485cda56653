using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen;

/// <summary>What one generated C# unit covers: the model, the files whose declarations it emits, the options and the name map.</summary>
internal sealed class CSharpUnit
{
    private readonly HashSet<SchemaFile> _files;

    /// <summary>Each service that declares streaming methods, mapped to its generated form (the unary methods only).</summary>
    private readonly Dictionary<ServiceDefinition, ServiceDefinition> _unaryServices = new();

    /// <summary>The streaming methods left out of each generated service (keyed by both forms of the service).</summary>
    private readonly Dictionary<ServiceDefinition, IReadOnlyList<RpcMethodDefinition>> _streamingMethods = new();

    public CSharpUnit(SchemaModel model, IReadOnlyList<SchemaFile> files, CSharpGeneratorOptions options)
    {
        SchemaModel = model;
        Model = WithoutStreamingMethods(model);
        Files = files;
        Options = options;
        Types = new CSharpTypeMap(options);
        _files = new HashSet<SchemaFile>(files);
        Modifier = options.Accessibility == CSharpAccessibility.Internal ? "internal" : "public";
    }

    /// <summary>
    /// The model as code generation sees it: <see cref="SchemaModel"/> with every streaming rpc method removed from
    /// its service (smf exchanges one request and one reply per call), so every emitter generates unary methods only.
    /// </summary>
    public SchemaModel Model { get; }

    /// <summary>The model as compiled, with every method (see <see cref="StreamingMethods"/>).</summary>
    public SchemaModel SchemaModel { get; }

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
            foreach (var declaration in file.Declarations)
            {
                list.Add(declaration is ServiceDefinition service && _unaryServices.TryGetValue(service, out var unary) ? unary : declaration);
            }
        }

        list.Sort((a, b) =>
        {
            var byNamespace = string.CompareOrdinal(Types.Namespace(a), Types.Namespace(b));
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.FullName, b.FullName);
        });
        return list;
    }

    /// <summary>The streaming methods of a service (as compiled or as generated), which code generation leaves out.</summary>
    public IReadOnlyList<RpcMethodDefinition> StreamingMethods(ServiceDefinition service) =>
        _streamingMethods.TryGetValue(service, out var methods) ? methods : Array.Empty<RpcMethodDefinition>();

    private static bool IsStreaming(RpcMethodDefinition method) => method.Streaming is { } streaming && streaming != "none";

    private SchemaModel WithoutStreamingMethods(SchemaModel model)
    {
        foreach (var service in model.Services)
        {
            var unary = new List<RpcMethodDefinition>(service.Methods.Count);
            var streaming = new List<RpcMethodDefinition>();
            foreach (var method in service.Methods)
            {
                (IsStreaming(method) ? streaming : unary).Add(method);
            }

            if (streaming.Count == 0)
            {
                continue;
            }

            var generated = new ServiceDefinition(service.Name, service.Namespace, service.Documentation, service.Attributes, service.Location)
            {
                File = service.File,
                Methods = unary,
            };
            _unaryServices.Add(service, generated);
            _streamingMethods.Add(service, streaming);
            _streamingMethods.Add(generated, streaming);
        }

        if (_unaryServices.Count == 0)
        {
            return model;
        }

        var declarations = new List<Declaration>(model.Declarations.Count);
        foreach (var declaration in model.Declarations)
        {
            declarations.Add(declaration is ServiceDefinition service && _unaryServices.TryGetValue(service, out var unary) ? unary : declaration);
        }

        return new SchemaModel(model.Files, declarations, model.DeclaredAttributes);
    }

    /// <summary>The file identifier a table's buffers carry: its file's identifier when the table is that file's root_type.</summary>
    public static string? IdentifierOf(TableDefinition table) =>
        table.File is { } file && ReferenceEquals(file.RootType, table) ? file.FileIdentifier : null;
}
