namespace Smf.Compiler.CodeGen;

/// <summary>
/// Adds declarations to a generated C# unit (the rpc_service generator in <c>CodeGen/Services</c> is one).
/// Contributors are registered by implementing <c>CSharpGenerator.AddContributors</c> (a partial method).
/// </summary>
internal interface ICSharpUnitContributor
{
    /// <summary>The C# namespaces this contributor writes into, besides those of the unit's schema types.</summary>
    IEnumerable<string> GetNamespaces(CSharpUnit unit);

    /// <summary>Writes declarations into the block of <paramref name="csharpNamespace"/> (empty for the global namespace), after the schema types.</summary>
    void WriteNamespace(CSharpUnit unit, string csharpNamespace, CodeWriter writer);
}
