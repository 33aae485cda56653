namespace Smf.Compiler.Schema;

/// <summary>A constant as written: number (with its sign), string (unescaped) or identifier (true, nan, an enum value...).</summary>
internal sealed class ValueSyntax
{
    public ValueSyntax(ValueKind kind, string text, bool negative, SourceLocation location)
    {
        Kind = kind;
        Text = text;
        Negative = negative;
        Location = location;
    }

    public ValueKind Kind { get; }

    /// <summary>The text without the sign (strings unescaped).</summary>
    public string Text { get; }

    public bool Negative { get; }

    public SourceLocation Location { get; }

    public string Display => Kind == ValueKind.String ? "\"" + Text + "\"" : (Negative ? "-" : string.Empty) + Text;
}
