namespace Smf.Compiler.CodeGen;

/// <summary>The access modifier of the generated types.</summary>
public enum CSharpAccessibility
{
    /// <summary>Generated types are <c>public</c>.</summary>
    Public,

    /// <summary>Generated types are <c>internal</c>.</summary>
    Internal,
}
