namespace Smf.Compiler.Schema;

/// <summary>An <c>rpc_service</c>.</summary>
public sealed class ServiceDefinition : Declaration
{
    internal ServiceDefinition(string name, IReadOnlyList<string> @namespace, IReadOnlyList<string> documentation, IReadOnlyList<SchemaAttribute> attributes, SourceLocation location)
        : base(name, @namespace, documentation, attributes, location)
    {
    }

    /// <inheritdoc/>
    public override DeclarationKind Kind => DeclarationKind.Service;

    /// <summary>The smf service id: CRC-32 (zlib, IEEE 802.3) of the UTF-8 <see cref="Declaration.Name"/>, unqualified.</summary>
    public uint SmfServiceId => Smf.Compiler.CodeGen.Services.SmfIds.Service(Name);

    /// <summary>The methods in declaration order.</summary>
    public IReadOnlyList<RpcMethodDefinition> Methods { get; internal set; } = Array.Empty<RpcMethodDefinition>();
}
