namespace Smf.Compiler.Schema;

/// <summary>One token: a slice of the source text plus its position and the doc comments written before it.</summary>
internal readonly struct Token
{
    public Token(TokenKind kind, int start, int length, int line, int column, int docStart, int docCount)
    {
        Kind = kind;
        Start = start;
        Length = length;
        Line = line;
        Column = column;
        DocStart = docStart;
        DocCount = docCount;
    }

    public TokenKind Kind { get; }

    public int Start { get; }

    public int Length { get; }

    public int Line { get; }

    /// <summary>1-based column of the first character.</summary>
    public int Column { get; }

    /// <summary>Index of the first doc comment line in <see cref="Lexer.DocComments"/>.</summary>
    public int DocStart { get; }

    public int DocCount { get; }
}
