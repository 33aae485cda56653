namespace Smf.Compiler.Schema;

internal sealed class AttributeSyntax
{
    public AttributeSyntax(string name, ValueSyntax? value, SourceLocation location)
    {
        Name = name;
        Value = value;
        Location = location;
    }

    public string Name { get; }

    public ValueSyntax? Value { get; }

    public SourceLocation Location { get; }
}
