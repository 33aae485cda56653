using System.Globalization;

namespace Smf.Compiler;

/// <summary>
/// A located message about a schema, e.g. <c>a.fbs(3,9,3,12): error SMF0101: ...</c>.
/// Lines and columns are 1-based; the end column is inclusive (the column of the last character of
/// the span), which is MSBuild's canonical-error convention. Columns count UTF-16 code units.
/// </summary>
public sealed class Diagnostic
{
    internal Diagnostic(string code, DiagnosticSeverity severity, string message, string file, int line, int column, int endLine, int endColumn)
    {
        Code = code;
        Severity = severity;
        Message = message;
        File = file;
        Line = line;
        Column = column;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    /// <summary>The stable code, <c>SMF</c> followed by four digits (see docs/diagnostics.md).</summary>
    public string Code { get; }

    /// <summary>Whether this is an error or a warning.</summary>
    public DiagnosticSeverity Severity { get; }

    /// <summary>A full sentence describing the problem, quoting the offending text.</summary>
    public string Message { get; }

    /// <summary>The full path of the file (empty when the problem is not tied to a file).</summary>
    public string File { get; }

    /// <summary>The 1-based line where the span starts (0 when there is no location).</summary>
    public int Line { get; }

    /// <summary>The 1-based column where the span starts (0 when there is no location).</summary>
    public int Column { get; }

    /// <summary>The 1-based line where the span ends.</summary>
    public int EndLine { get; }

    /// <summary>The 1-based column of the last character of the span (inclusive).</summary>
    public int EndColumn { get; }

    /// <summary>Formats the diagnostic in MSBuild canonical form: <c>file(line,col,endLine,endCol): error CODE: message</c>.</summary>
    /// <returns>The canonical one-line form.</returns>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        if (File.Length == 0)
        {
            return "smfc : " + severity + " " + Code + ": " + Message;
        }

        if (Line == 0)
        {
            return File + ": " + severity + " " + Code + ": " + Message;
        }

        return string.Format(
            CultureInfo.InvariantCulture,
            "{0}({1},{2},{3},{4}): {5} {6}: {7}",
            File,
            Line,
            Column,
            EndLine,
            EndColumn,
            severity,
            Code,
            Message);
    }
}
