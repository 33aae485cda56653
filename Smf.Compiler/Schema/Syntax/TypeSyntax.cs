namespace Smf.Compiler.Schema;

/// <summary>A type as written: a (possibly qualified) name, <c>[T]</c> or <c>[T:N]</c>.</summary>
internal sealed class TypeSyntax
{
    public TypeSyntax(string? name, TypeSyntax? element, ValueSyntax? arrayLength, SourceLocation location)
    {
        Name = name;
        Element = element;
        ArrayLength = arrayLength;
        Location = location;
    }

    /// <summary>The dotted name for a named type; null for vectors and arrays.</summary>
    public string? Name { get; }

    public TypeSyntax? Element { get; }

    /// <summary>The length of a fixed array; null for vectors and named types.</summary>
    public ValueSyntax? ArrayLength { get; }

    public SourceLocation Location { get; }
}
