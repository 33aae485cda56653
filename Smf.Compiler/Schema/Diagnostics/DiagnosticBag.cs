namespace Smf.Compiler.Schema;

/// <summary>Collects diagnostics; every stage keeps going after an error.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = new();

    public int ErrorCount { get; private set; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Add(string code, string message, string file, int line, int column, int endLine, int endColumn)
    {
        _items.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, file, line, column, endLine, endColumn));
        ErrorCount++;
    }

    public void Add(string code, string message, SourceLocation location) =>
        Add(code, message, location.File, location.Line, location.Column, location.EndLine, location.EndColumn);

    public void AddWarning(string code, string message, SourceLocation location) =>
        _items.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, location.File, location.Line, location.Column, location.EndLine, location.EndColumn));
}
