namespace Smf.Compiler.Schema;

/// <summary>A method of an <c>rpc_service</c>: <c>Name(Request):Response (attributes);</c>.</summary>
public sealed class RpcMethodDefinition
{
    internal RpcMethodDefinition(string name, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
    {
        Name = name;
        Documentation = documentation;
        Attributes = attributes;
        Location = location;
    }

    /// <summary>The method name.</summary>
    public string Name { get; }

    /// <summary>The request table.</summary>
    public TableDefinition Request { get; internal set; } = null!;

    /// <summary>The response table.</summary>
    public TableDefinition Response { get; internal set; } = null!;

    /// <summary>The service declaring the method.</summary>
    public ServiceDefinition Service { get; internal set; } = null!;

    /// <summary>The <c>streaming</c> attribute value (<c>none</c>, <c>client</c>, <c>server</c> or <c>bidi</c>), or null when absent.</summary>
    public string? Streaming => FindAttribute("streaming")?.Value;

    /// <summary>True with the <c>idempotent</c> attribute.</summary>
    public bool IsIdempotent => FindAttribute("idempotent") is not null;

    /// <summary>
    /// The string whose CRC-32 is the smf method id: <c>Method:ns::Req:ns::Resp</c>
    /// (e.g. <c>Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse</c>).
    /// </summary>
    public string SmfMethodSignature => Name + ":" + Request.CppName + ":" + Response.CppName;

    /// <summary>The smf method id: CRC-32 (zlib, IEEE 802.3) of the UTF-8 <see cref="SmfMethodSignature"/>.</summary>
    public uint SmfMethodId => Smf.Compiler.CodeGen.Services.SmfIds.Method(SmfMethodSignature);

    /// <summary>
    /// The smf request id, the <c>meta</c> of a request header the server routes by: <see cref="ServiceDefinition.SmfServiceId"/>
    /// XOR <see cref="SmfMethodId"/> (3647565230 for <c>MemoryNode.Put</c> of the kvstore sample).
    /// </summary>
    public uint SmfRequestId => Service.SmfServiceId ^ SmfMethodId;

    /// <summary>The <c>///</c> doc comment lines before the method.</summary>
    public IReadOnlyList<string> Documentation { get; }

    /// <summary>Attributes written on the method.</summary>
    public IReadOnlyList<SchemaAttribute> Attributes { get; }

    /// <summary>Where the method name was written.</summary>
    public SourceLocation Location { get; }

    /// <summary>Finds an attribute by name.</summary>
    /// <param name="name">The attribute name.</param>
    /// <returns>The first attribute with that name, or null.</returns>
    public SchemaAttribute? FindAttribute(string name) => AttributeLookup.Find(Attributes, name);
}
