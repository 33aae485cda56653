namespace Smf.Compiler.Schema;

internal enum TokenKind : byte
{
    EndOfFile,
    Identifier,
    Integer,
    Float,
    String,
    OpenBrace,
    CloseBrace,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Colon,
    Semicolon,
    Comma,
    Equals,
    Dot,
    Plus,
    Minus,
}
