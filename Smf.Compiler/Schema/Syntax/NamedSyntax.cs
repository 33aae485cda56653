namespace Smf.Compiler.Schema;

/// <summary>A file-level statement with one operand: include, attribute, root_type, file_identifier or file_extension.</summary>
internal sealed class NamedSyntax
{
    public NamedSyntax(string text, SourceLocation location, string[] @namespace)
    {
        Text = text;
        Location = location;
        Namespace = @namespace;
    }

    /// <summary>The token index where the statement was read; with the file's parse position it orders declarations globally.</summary>
    public int Order { get; set; }

    public string Text { get; }

    public SourceLocation Location { get; }

    /// <summary>The namespace in effect (root_type resolves names from it).</summary>
    public string[] Namespace { get; }
}
