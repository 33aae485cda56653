namespace Smf.Compiler.Schema;

/// <summary>Where a declaration, field or value was written (1-based line and column; inclusive end column).</summary>
public readonly struct SourceLocation
{
    internal SourceLocation(string file, int line, int column, int endLine, int endColumn)
    {
        File = file;
        Line = line;
        Column = column;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    /// <summary>The full path of the schema file.</summary>
    public string File { get; }

    /// <summary>The 1-based start line.</summary>
    public int Line { get; }

    /// <summary>The 1-based start column.</summary>
    public int Column { get; }

    /// <summary>The 1-based end line.</summary>
    public int EndLine { get; }

    /// <summary>The 1-based column of the last character (inclusive).</summary>
    public int EndColumn { get; }

    /// <summary>Formats as <c>file(line,col)</c>.</summary>
    /// <returns>The location text.</returns>
    public override string ToString() => File + "(" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + "," + Column.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
}
