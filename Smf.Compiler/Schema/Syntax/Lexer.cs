namespace Smf.Compiler.Schema;

/// <summary>Turns schema text into tokens in one pass over the string (no regular expressions).</summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens;
    private readonly List<string> _docs = new();
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private Lexer(string text, string file, DiagnosticBag diagnostics)
    {
        _text = text;
        _file = file;
        _diagnostics = diagnostics;
        _tokens = new List<Token>(Math.Max(16, text.Length / 4));
    }

    public IReadOnlyList<string> DocComments => _docs;

    public static Lexer Tokenize(string text, string file, DiagnosticBag diagnostics, out List<Token> tokens)
    {
        var lexer = new Lexer(text, file, diagnostics);
        lexer.Run();
        tokens = lexer._tokens;
        return lexer;
    }

    private void Run()
    {
        var text = _text;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _pos = 1;
            _lineStart = 1;
        }

        var docStart = 0;
        var docCount = 0;
        var tokenOnLine = false;
        while (true)
        {
            if (_pos >= text.Length)
            {
                _tokens.Add(new Token(TokenKind.EndOfFile, text.Length, 0, _line, _pos - _lineStart + 1, docStart, docCount));
                return;
            }

            var c = text[_pos];
            switch (c)
            {
                case ' ':
                case '\t':
                case '\r':
                    _pos++;
                    continue;
                case '\n':
                    _pos++;
                    _line++;
                    _lineStart = _pos;
                    tokenOnLine = false;
                    continue;
                case '/':
                    if (_pos + 1 < text.Length && text[_pos + 1] == '/')
                    {
                        var commentStart = _pos;
                        var end = text.IndexOf('\n', _pos);
                        if (end < 0)
                        {
                            end = text.Length;
                        }

                        if (_pos + 2 < text.Length && text[_pos + 2] == '/')
                        {
                            if (tokenOnLine)
                            {
                                Report(DiagnosticCodes.MisplacedDocComment, commentStart, end - commentStart, "A documentation comment ('///') must be on a line of its own; use '//' for a trailing comment.");
                            }
                            else
                            {
                                if (docCount == 0)
                                {
                                    docStart = _docs.Count;
                                }

                                var contentStart = _pos + 3;
                                var contentEnd = end;
                                if (contentEnd > contentStart && text[contentEnd - 1] == '\r')
                                {
                                    contentEnd--;
                                }

                                if (contentStart < contentEnd && text[contentStart] == ' ')
                                {
                                    contentStart++;
                                }

                                _docs.Add(text.Substring(contentStart, Math.Max(0, contentEnd - contentStart)));
                                docCount++;
                            }
                        }

                        _pos = end;
                        continue;
                    }

                    if (_pos + 1 < text.Length && text[_pos + 1] == '*')
                    {
                        SkipBlockComment();
                        continue;
                    }

                    Report(DiagnosticCodes.UnexpectedCharacter, _pos, 1, "Unexpected character '/'.");
                    _pos++;
                    continue;
                case '{': Punct(TokenKind.OpenBrace, ref docStart, ref docCount); break;
                case '}': Punct(TokenKind.CloseBrace, ref docStart, ref docCount); break;
                case '(': Punct(TokenKind.OpenParen, ref docStart, ref docCount); break;
                case ')': Punct(TokenKind.CloseParen, ref docStart, ref docCount); break;
                case '[': Punct(TokenKind.OpenBracket, ref docStart, ref docCount); break;
                case ']': Punct(TokenKind.CloseBracket, ref docStart, ref docCount); break;
                case ':': Punct(TokenKind.Colon, ref docStart, ref docCount); break;
                case ';': Punct(TokenKind.Semicolon, ref docStart, ref docCount); break;
                case ',': Punct(TokenKind.Comma, ref docStart, ref docCount); break;
                case '=': Punct(TokenKind.Equals, ref docStart, ref docCount); break;
                case '+': Punct(TokenKind.Plus, ref docStart, ref docCount); break;
                case '-': Punct(TokenKind.Minus, ref docStart, ref docCount); break;
                case '.':
                    if (_pos + 1 < text.Length && IsDigit(text[_pos + 1]))
                    {
                        LexNumber(ref docStart, ref docCount);
                    }
                    else
                    {
                        Punct(TokenKind.Dot, ref docStart, ref docCount);
                    }

                    break;
                case '"':
                case '\'':
                    LexString(c, ref docStart, ref docCount);
                    break;
                default:
                    if (IsIdentifierStart(c))
                    {
                        var start = _pos;
                        _pos++;
                        while (_pos < text.Length && IsIdentifierPart(text[_pos]))
                        {
                            _pos++;
                        }

                        Add(TokenKind.Identifier, start, ref docStart, ref docCount);
                    }
                    else if (IsDigit(c))
                    {
                        LexNumber(ref docStart, ref docCount);
                    }
                    else
                    {
                        var shown = c < ' ' || c == '\u007F' ? "\\u" + ((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString();
                        Report(DiagnosticCodes.UnexpectedCharacter, _pos, 1, "Unexpected character '" + shown + "'.");
                        _pos++;
                        continue;
                    }

                    break;
            }

            tokenOnLine = true;
        }
    }

    private void Punct(TokenKind kind, ref int docStart, ref int docCount)
    {
        var start = _pos;
        _pos++;
        Add(kind, start, ref docStart, ref docCount);
    }

    private void Add(TokenKind kind, int start, ref int docStart, ref int docCount)
    {
        _tokens.Add(new Token(kind, start, _pos - start, _line, start - _lineStart + 1, docStart, docCount));
        docCount = 0;
        docStart = _docs.Count;
    }

    private void SkipBlockComment()
    {
        var startLine = _line;
        var startColumn = _pos - _lineStart + 1;
        _pos += 2;
        var text = _text;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '*' && _pos + 1 < text.Length && text[_pos + 1] == '/')
            {
                _pos += 2;
                return;
            }

            if (c == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            _pos++;
        }

        _diagnostics.Add(DiagnosticCodes.UnterminatedComment, "The block comment is not closed; add '*/'.", _file, startLine, startColumn, startLine, startColumn + 1);
    }

    private void LexString(char quote, ref int docStart, ref int docCount)
    {
        var start = _pos;
        var text = _text;
        _pos++;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == quote)
            {
                _pos++;
                Add(TokenKind.String, start, ref docStart, ref docCount);
                return;
            }

            if (c == '\n')
            {
                break;
            }

            if (c == '\\' && _pos + 1 < text.Length && text[_pos + 1] != '\n')
            {
                _pos += 2;
                continue;
            }

            _pos++;
        }

        Report(DiagnosticCodes.UnterminatedString, start, _pos - start, "The string literal is not closed on its line; add the closing " + (quote == '"' ? "'\"'" : "\"'\"") + ".");
        Add(TokenKind.String, start, ref docStart, ref docCount);
    }

    private void LexNumber(ref int docStart, ref int docCount)
    {
        var text = _text;
        var start = _pos;
        var isFloat = false;
        var valid = true;
        if (text[_pos] == '0' && _pos + 1 < text.Length && (text[_pos + 1] == 'x' || text[_pos + 1] == 'X'))
        {
            _pos += 2;
            var digits = SkipWhile(IsHexDigit);
            if (_pos < text.Length && text[_pos] == '.')
            {
                isFloat = true;
                _pos++;
                digits += SkipWhile(IsHexDigit);
            }

            if (digits == 0)
            {
                valid = false;
            }

            if (_pos < text.Length && (text[_pos] == 'p' || text[_pos] == 'P'))
            {
                isFloat = true;
                _pos++;
                if (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
                {
                    _pos++;
                }

                if (SkipWhile(IsDigit) == 0)
                {
                    valid = false;
                }
            }
            else if (isFloat)
            {
                valid = false;
            }
        }
        else
        {
            SkipWhile(IsDigit);
            if (_pos < text.Length && text[_pos] == '.')
            {
                isFloat = true;
                _pos++;
                SkipWhile(IsDigit);
            }

            if (_pos < text.Length && (text[_pos] == 'e' || text[_pos] == 'E'))
            {
                isFloat = true;
                _pos++;
                if (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
                {
                    _pos++;
                }

                if (SkipWhile(IsDigit) == 0)
                {
                    valid = false;
                }
            }
        }

        if (_pos < text.Length && IsIdentifierPart(text[_pos]))
        {
            valid = false;
            while (_pos < text.Length && (IsIdentifierPart(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }
        }

        if (!valid)
        {
            Report(DiagnosticCodes.MalformedNumber, start, _pos - start, "'" + text.Substring(start, _pos - start) + "' is not a valid number.");
        }

        Add(isFloat ? TokenKind.Float : TokenKind.Integer, start, ref docStart, ref docCount);
    }

    private int SkipWhile(Func<char, bool> predicate)
    {
        var start = _pos;
        while (_pos < _text.Length && predicate(_text[_pos]))
        {
            _pos++;
        }

        return _pos - start;
    }

    private void Report(string code, int start, int length, string message)
    {
        var column = start - _lineStart + 1;
        _diagnostics.Add(code, message, _file, _line, column, _line, column + Math.Max(1, length) - 1);
    }

    internal static bool IsDigit(char c) => c >= '0' && c <= '9';

    internal static bool IsHexDigit(char c) => HexDigitValue(c) >= 0;

    /// <summary>The value of a hexadecimal digit, or -1 when <paramref name="c"/> is not one.</summary>
    internal static int HexDigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    internal static bool IsIdentifierStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    internal static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c);
}
