namespace Smf.Compiler.Schema;

/// <summary>The kind of a top-level <see cref="Declaration"/>.</summary>
public enum DeclarationKind
{
    /// <summary>A <see cref="TableDefinition"/>.</summary>
    Table,

    /// <summary>A <see cref="StructDefinition"/>.</summary>
    Struct,

    /// <summary>An <see cref="EnumDefinition"/>.</summary>
    Enum,

    /// <summary>A <see cref="UnionDefinition"/>.</summary>
    Union,

    /// <summary>A <see cref="ServiceDefinition"/>.</summary>
    Service,
}
