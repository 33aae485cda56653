namespace Smf.Compiler.Schema;

/// <summary>The parse result of one file, before name resolution.</summary>
internal sealed class SyntaxFile
{
    public SyntaxFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public List<NamedSyntax> Includes { get; } = new();

    public List<NamedSyntax> AttributeDeclarations { get; } = new();

    public List<DeclarationSyntax> Declarations { get; } = new();

    public List<NamedSyntax> RootTypes { get; } = new();

    public List<NamedSyntax> FileIdentifiers { get; } = new();

    public List<NamedSyntax> FileExtensions { get; } = new();
}
