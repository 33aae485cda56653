namespace Smf.Compiler.Schema;

/// <summary>One attribute as written in parentheses, e.g. <c>(id: 3)</c> or <c>(deprecated)</c>.</summary>
public sealed class SchemaAttribute
{
    internal SchemaAttribute(string name, string? value, bool isString, SourceLocation location)
    {
        Name = name;
        Value = value;
        IsString = isString;
        Location = location;
    }

    /// <summary>The attribute name, e.g. <c>force_align</c>.</summary>
    public string Name { get; }

    /// <summary>The value: a string literal's unescaped text, or a number or identifier as written; null when absent.</summary>
    public string? Value { get; }

    /// <summary>True when the value was a string literal.</summary>
    public bool IsString { get; }

    /// <summary>Where the attribute name was written.</summary>
    public SourceLocation Location { get; }
}
