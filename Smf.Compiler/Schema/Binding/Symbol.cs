namespace Smf.Compiler.Schema;

/// <summary>A declared type during binding: the model object, its syntax and its global declaration order.</summary>
internal sealed class Symbol
{
    public Symbol(Declaration declaration, DeclarationSyntax syntax, long order)
    {
        Declaration = declaration;
        Syntax = syntax;
        Order = order;
    }

    public Declaration Declaration { get; }

    public DeclarationSyntax Syntax { get; }

    public long Order { get; }
}
