using System.Text;

namespace Smf.Compiler.Schema;

/// <summary>Recursive-descent parser over the token list; reports errors and resynchronizes instead of throwing.</summary>
internal sealed class Parser
{
    internal const int MaxTypeNesting = 32;

    private static readonly string[] GlobalNamespace = Array.Empty<string>();

    private readonly string _text;
    private readonly string _file;
    private readonly List<Token> _tokens;
    private readonly IReadOnlyList<string> _docs;
    private readonly DiagnosticBag _diagnostics;
    private readonly SyntaxFile _result;
    private readonly StringBuilder _builder = new();
    private int _index;
    private string[] _namespace = GlobalNamespace;
    private bool _seenDeclaration;

    private Parser(string text, string file, DiagnosticBag diagnostics)
    {
        _text = text;
        _file = file;
        _diagnostics = diagnostics;
        var lexer = Lexer.Tokenize(text, file, diagnostics, out _tokens);
        _docs = lexer.DocComments;
        _result = new SyntaxFile(file);
    }

    public static SyntaxFile Parse(string text, string file, DiagnosticBag diagnostics)
    {
        var parser = new Parser(text, file, diagnostics);
        parser.ParseFile();
        return parser._result;
    }

    private Token Current => _tokens[_index];

    private void ParseFile()
    {
        while (Current.Kind != TokenKind.EndOfFile)
        {
            var start = _index;
            if (!ParseTopLevel())
            {
                SynchronizeTopLevel(start);
            }
        }
    }

    private bool ParseTopLevel()
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            return Unexpected("a declaration ('table', 'struct', 'enum', 'union', 'namespace', 'include', ...)");
        }

        switch (TextOf(token))
        {
            case "include": return ParseInclude(false);
            case "native_include": return ParseInclude(true);
            case "namespace": return ParseNamespace();
            case "attribute": return ParseAttributeDeclaration();
            case "table": return ParseObject(DeclarationSyntaxKind.Table);
            case "struct": return ParseObject(DeclarationSyntaxKind.Struct);
            case "enum": return ParseEnum(DeclarationSyntaxKind.Enum);
            case "union": return ParseEnum(DeclarationSyntaxKind.Union);
            case "rpc_service": return ParseService();
            case "root_type": return ParseRootType();
            case "file_identifier": return ParseFileString(_result.FileIdentifiers);
            case "file_extension": return ParseFileString(_result.FileExtensions);
            default:
                return Unexpected("a declaration ('table', 'struct', 'enum', 'union', 'namespace', 'include', ...)");
        }
    }

    private bool ParseInclude(bool native)
    {
        var keyword = Current;
        _index++;
        if (!ExpectString(out var path, out var location))
        {
            return false;
        }

        if (!Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        if (native)
        {
            return true;
        }

        if (_seenDeclaration)
        {
            _diagnostics.Add(DiagnosticCodes.IncludeAfterDeclaration, "'include' must come before every other declaration in the file; move 'include \"" + path + "\"' to the top.", Location(keyword));
            return true;
        }

        _result.Includes.Add(new NamedSyntax(path, location, _namespace));
        return true;
    }

    private bool ParseNamespace()
    {
        _index++;
        _seenDeclaration = true;
        if (Current.Kind == TokenKind.Semicolon)
        {
            _index++;
            _namespace = GlobalNamespace;
            return true;
        }

        var parts = new List<string>();
        while (true)
        {
            if (!ExpectIdentifier("a namespace name", out var part, out _))
            {
                return false;
            }

            parts.Add(part);
            if (Current.Kind == TokenKind.Dot)
            {
                _index++;
                continue;
            }

            break;
        }

        if (!Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        _namespace = parts.ToArray();
        return true;
    }

    private bool ParseAttributeDeclaration()
    {
        _index++;
        _seenDeclaration = true;
        string name;
        SourceLocation location;
        if (Current.Kind == TokenKind.String)
        {
            if (!ExpectString(out name, out location))
            {
                return false;
            }
        }
        else if (!ExpectIdentifier("an attribute name", out name, out location))
        {
            return false;
        }

        if (!Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        _result.AttributeDeclarations.Add(new NamedSyntax(name, location, _namespace) { Order = _index });
        return true;
    }

    private bool ParseRootType()
    {
        _index++;
        _seenDeclaration = true;
        var start = Current;
        if (!ParseQualifiedName(out var name))
        {
            return false;
        }

        var location = Span(start, _tokens[_index - 1]);
        if (!Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        _result.RootTypes.Add(new NamedSyntax(name, location, _namespace));
        return true;
    }

    private bool ParseFileString(List<NamedSyntax> target)
    {
        _index++;
        _seenDeclaration = true;
        if (!ExpectString(out var value, out var location) || !Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        target.Add(new NamedSyntax(value, location, _namespace));
        return true;
    }

    private bool ParseObject(DeclarationSyntaxKind kind) =>
        ParseMemberBlock(kind, kind == DeclarationSyntaxKind.Struct ? "a struct name" : "a table name", ParseField);

    /// <summary>
    /// Parses <c>keyword Name (attributes) { member* }</c>: tables, structs and services; a member that fails to
    /// parse is skipped up to its ';' so the following members still get checked.
    /// </summary>
    private bool ParseMemberBlock(DeclarationSyntaxKind kind, string nameDescription, Func<DeclarationSyntax, bool> parseMember)
    {
        var keyword = Current;
        _index++;
        _seenDeclaration = true;
        if (!ExpectIdentifier(nameDescription, out var name, out var location))
        {
            return false;
        }

        var declaration = new DeclarationSyntax(kind, name, location, _namespace, Docs(keyword)) { Order = _index };
        if (!ParseAttributes(out var attributes))
        {
            return false;
        }

        declaration.Attributes = attributes;
        if (!Expect(TokenKind.OpenBrace, "'{'"))
        {
            return false;
        }

        _result.Declarations.Add(declaration);
        while (Current.Kind != TokenKind.CloseBrace)
        {
            if (Current.Kind == TokenKind.EndOfFile)
            {
                return Unexpected("'}'");
            }

            if (!parseMember(declaration))
            {
                SynchronizeMember(TokenKind.Semicolon);
            }
        }

        _index++;
        return true;
    }

    private bool ParseField(DeclarationSyntax owner)
    {
        var first = Current;
        if (!ExpectIdentifier("a field name", out var name, out var location))
        {
            return false;
        }

        var field = new MemberSyntax(name, location, Docs(first));
        if (!Expect(TokenKind.Colon, "':'"))
        {
            return false;
        }

        if (!ParseType(0, out var type))
        {
            return false;
        }

        field.Type = type;
        if (Current.Kind == TokenKind.Equals)
        {
            _index++;
            if (!ParseValue(out var value))
            {
                return false;
            }

            field.Value = value;
        }

        if (!ParseAttributes(out var attributes))
        {
            return false;
        }

        field.Attributes = attributes;
        if (!Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        owner.Members.Add(field);
        return true;
    }

    private bool ParseType(int depth, out TypeSyntax type)
    {
        type = null!;
        var start = Current;
        if (start.Kind == TokenKind.OpenBracket)
        {
            if (depth >= MaxTypeNesting)
            {
                _diagnostics.Add(DiagnosticCodes.NestingTooDeep, "Type nesting is deeper than " + MaxTypeNesting.ToString(System.Globalization.CultureInfo.InvariantCulture) + " levels.", Location(start));
                return false;
            }

            _index++;
            if (!ParseType(depth + 1, out var element))
            {
                return false;
            }

            ValueSyntax? length = null;
            if (Current.Kind == TokenKind.Colon)
            {
                _index++;
                if (!ParseValue(out length))
                {
                    return false;
                }
            }

            if (!Expect(TokenKind.CloseBracket, "']'"))
            {
                return false;
            }

            type = new TypeSyntax(null, element, length, Span(start, _tokens[_index - 1]));
            return true;
        }

        if (!ParseQualifiedName(out var name))
        {
            return false;
        }

        type = new TypeSyntax(name, null, null, Span(start, _tokens[_index - 1]));
        return true;
    }

    private bool ParseQualifiedName(out string name)
    {
        if (!ExpectIdentifier("a type name", out name, out _))
        {
            return false;
        }

        if (Current.Kind != TokenKind.Dot)
        {
            return true;
        }

        _builder.Clear().Append(name);
        while (Current.Kind == TokenKind.Dot)
        {
            _index++;
            if (!ExpectIdentifier("a name after '.'", out var part, out _))
            {
                return false;
            }

            _builder.Append('.').Append(part);
        }

        name = _builder.ToString();
        return true;
    }

    private bool ParseEnum(DeclarationSyntaxKind kind)
    {
        var keyword = Current;
        _index++;
        _seenDeclaration = true;
        var isUnion = kind == DeclarationSyntaxKind.Union;
        if (!ExpectIdentifier(isUnion ? "a union name" : "an enum name", out var name, out var location))
        {
            return false;
        }

        var declaration = new DeclarationSyntax(kind, name, location, _namespace, Docs(keyword)) { Order = _index };
        if (!isUnion && Current.Kind == TokenKind.Colon)
        {
            _index++;
            if (!ParseType(0, out var underlying))
            {
                return false;
            }

            declaration.UnderlyingType = underlying;
        }

        if (!ParseAttributes(out var attributes))
        {
            return false;
        }

        declaration.Attributes = attributes;
        if (!Expect(TokenKind.OpenBrace, "'{'"))
        {
            return false;
        }

        _result.Declarations.Add(declaration);
        while (Current.Kind != TokenKind.CloseBrace)
        {
            if (Current.Kind == TokenKind.EndOfFile)
            {
                return Unexpected("'}'");
            }

            if (!ParseEnumValue(declaration, isUnion))
            {
                SynchronizeMember(TokenKind.Comma);
                continue;
            }

            if (Current.Kind == TokenKind.Comma)
            {
                _index++;
            }
            else if (Current.Kind != TokenKind.CloseBrace)
            {
                Unexpected("',' or '}'");
                SynchronizeMember(TokenKind.Comma);
            }
        }

        _index++;
        return true;
    }

    private bool ParseEnumValue(DeclarationSyntax owner, bool isUnion)
    {
        var first = Current;
        var member = new MemberSyntax(string.Empty, default, Docs(first));
        if (isUnion)
        {
            var typeStart = Current;
            if (!ParseQualifiedName(out var typeName))
            {
                return false;
            }

            var nameLocation = Span(typeStart, _tokens[_index - 1]);
            if (Current.Kind == TokenKind.Colon)
            {
                if (typeName.IndexOf('.') >= 0)
                {
                    _diagnostics.Add(DiagnosticCodes.UnexpectedToken, "A union member alias must be a simple name, not '" + typeName + "'.", nameLocation);
                    return false;
                }

                _index++;
                if (!ParseType(0, out var aliased))
                {
                    return false;
                }

                member = new MemberSyntax(typeName, nameLocation, member.Documentation) { Type = aliased, IsAlias = true };
            }
            else
            {
                member = new MemberSyntax(typeName.Replace('.', '_'), nameLocation, member.Documentation) { Type = new TypeSyntax(typeName, null, null, nameLocation) };
            }
        }
        else
        {
            if (!ExpectIdentifier("an enum value name", out var name, out var location))
            {
                return false;
            }

            member = new MemberSyntax(name, location, member.Documentation);
        }

        if (Current.Kind == TokenKind.Equals)
        {
            _index++;
            if (!ParseValue(out var value))
            {
                return false;
            }

            member.Value = value;
        }

        if (!ParseAttributes(out var attributes))
        {
            return false;
        }

        member.Attributes = attributes;
        owner.Members.Add(member);
        return true;
    }

    private bool ParseService() => ParseMemberBlock(DeclarationSyntaxKind.Service, "a service name", ParseMethod);

    private bool ParseMethod(DeclarationSyntax owner)
    {
        var first = Current;
        if (!ExpectIdentifier("a method name", out var name, out var location))
        {
            return false;
        }

        var method = new MemberSyntax(name, location, Docs(first));
        if (!Expect(TokenKind.OpenParen, "'('"))
        {
            return false;
        }

        var requestStart = Current;
        if (!ParseQualifiedName(out var request))
        {
            return false;
        }

        method.Type = new TypeSyntax(request, null, null, Span(requestStart, _tokens[_index - 1]));
        if (!Expect(TokenKind.CloseParen, "')'") || !Expect(TokenKind.Colon, "':'"))
        {
            return false;
        }

        var responseStart = Current;
        if (!ParseQualifiedName(out var response))
        {
            return false;
        }

        method.ResponseType = new TypeSyntax(response, null, null, Span(responseStart, _tokens[_index - 1]));
        if (!ParseAttributes(out var attributes))
        {
            return false;
        }

        method.Attributes = attributes;
        if (!Expect(TokenKind.Semicolon, "';'"))
        {
            return false;
        }

        owner.Members.Add(method);
        return true;
    }

    private bool ParseAttributes(out List<AttributeSyntax> attributes)
    {
        attributes = MemberSyntax.EmptyAttributes;
        if (Current.Kind != TokenKind.OpenParen)
        {
            return true;
        }

        _index++;
        attributes = new List<AttributeSyntax>(2);
        while (true)
        {
            if (!ExpectIdentifier("an attribute name", out var name, out var location))
            {
                return false;
            }

            ValueSyntax? value = null;
            if (Current.Kind == TokenKind.Colon)
            {
                _index++;
                if (!ParseValue(out value))
                {
                    return false;
                }

                if (value.Kind is not (ValueKind.Integer or ValueKind.String))
                {
                    _diagnostics.Add(DiagnosticCodes.InvalidAttributeValue, "The value of attribute '" + name + "' must be a string or an integer, not '" + value.Display + "'.", value.Location);
                }
            }

            attributes.Add(new AttributeSyntax(name, value, location));
            if (Current.Kind == TokenKind.Comma)
            {
                _index++;
                continue;
            }

            return Expect(TokenKind.CloseParen, "',' or ')'");
        }
    }

    private bool ParseValue(out ValueSyntax value)
    {
        value = null!;
        var start = Current;
        var negative = false;
        if (start.Kind == TokenKind.Minus || start.Kind == TokenKind.Plus)
        {
            negative = start.Kind == TokenKind.Minus;
            _index++;
        }

        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
            case TokenKind.Float:
                _index++;
                value = new ValueSyntax(token.Kind == TokenKind.Integer ? ValueKind.Integer : ValueKind.Float, TextOf(token), negative, Span(start, token));
                return true;
            case TokenKind.Identifier:
                if (start.Kind is TokenKind.Minus or TokenKind.Plus)
                {
                    var word = TextOf(token);
                    if (word != "inf" && word != "infinity" && word != "nan")
                    {
                        return Unexpected("a number, 'inf' or 'nan' after the sign");
                    }
                }

                if (!ParseQualifiedName(out var name))
                {
                    return false;
                }

                value = new ValueSyntax(ValueKind.Identifier, name, negative, Span(start, _tokens[_index - 1]));
                return true;
            case TokenKind.OpenBracket when start.Kind is not (TokenKind.Minus or TokenKind.Plus) && _tokens[_index + 1].Kind == TokenKind.CloseBracket:
                _index += 2;
                value = new ValueSyntax(ValueKind.EmptyList, "[]", false, Span(token, _tokens[_index - 1]));
                return true;
            case TokenKind.String when start.Kind is not (TokenKind.Minus or TokenKind.Plus):
                _index++;
                value = new ValueSyntax(ValueKind.String, Unescape(token), false, Location(token));
                return true;
            default:
                return Unexpected("a constant (number, string, 'true', 'false', 'null' or a name)");
        }
    }

    private bool ExpectString(out string value, out SourceLocation location)
    {
        var token = Current;
        if (token.Kind != TokenKind.String)
        {
            value = string.Empty;
            location = default;
            return Unexpected("a string literal");
        }

        _index++;
        value = Unescape(token);
        location = Location(token);
        return true;
    }

    private string Unescape(Token token)
    {
        var text = _text;
        var start = token.Start + 1;
        var end = token.Start + token.Length - 1;
        if (token.Length < 2 || text[end] != text[token.Start])
        {
            end = token.Start + token.Length;
        }

        if (text.IndexOf('\\', start, end - start) < 0)
        {
            return text.Substring(start, end - start);
        }

        var builder = _builder.Clear();
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= end)
            {
                builder.Append(c);
                continue;
            }

            var escapeStart = i;
            var e = text[++i];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case '"': builder.Append('"'); break;
                case '\'': builder.Append('\''); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'x':
                    if (TryHex(text, i + 1, end, 2, out var byteValue))
                    {
                        builder.Append((char)byteValue);
                        i += 2;
                    }
                    else
                    {
                        InvalidEscape(token, escapeStart, 2);
                    }

                    break;
                case 'u':
                    if (TryHex(text, i + 1, end, 4, out var unit))
                    {
                        builder.Append((char)unit);
                        i += 4;
                        if (unit >= 0xD800 && unit <= 0xDBFF)
                        {
                            if (i + 6 < end && text[i + 1] == '\\' && text[i + 2] == 'u' && TryHex(text, i + 3, end, 4, out var low) && low >= 0xDC00 && low <= 0xDFFF)
                            {
                                builder.Append((char)low);
                                i += 6;
                            }
                            else
                            {
                                _diagnostics.Add(DiagnosticCodes.InvalidEscape, "The high surrogate '" + text.Substring(escapeStart, 6) + "' must be followed by a low surrogate escape ('\\uDC00'..'\\uDFFF').", _file, token.Line, token.Column + (escapeStart - token.Start), token.Line, token.Column + (escapeStart - token.Start) + 5);
                            }
                        }
                        else if (unit >= 0xDC00 && unit <= 0xDFFF)
                        {
                            _diagnostics.Add(DiagnosticCodes.InvalidEscape, "The low surrogate '" + text.Substring(escapeStart, 6) + "' is not preceded by a high surrogate.", _file, token.Line, token.Column + (escapeStart - token.Start), token.Line, token.Column + (escapeStart - token.Start) + 5);
                        }
                    }
                    else
                    {
                        InvalidEscape(token, escapeStart, 2);
                    }

                    break;
                default:
                    InvalidEscape(token, escapeStart, 2);
                    builder.Append(e);
                    break;
            }
        }

        return builder.ToString();
    }

    private void InvalidEscape(Token token, int escapeStart, int length)
    {
        var column = token.Column + (escapeStart - token.Start);
        var shown = _text.Substring(escapeStart, Math.Min(length, token.Start + token.Length - escapeStart));
        _diagnostics.Add(DiagnosticCodes.InvalidEscape, "'" + shown + "' is not a valid escape sequence; use \\n \\t \\r \\b \\f \\\" \\' \\\\ \\/ \\xXX or \\uXXXX.", _file, token.Line, column, token.Line, column + shown.Length - 1);
    }

    private static bool TryHex(string text, int start, int end, int count, out int value)
    {
        value = 0;
        if (start + count > end)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            var digit = Lexer.HexDigitValue(c);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        return true;
    }

    private bool Expect(TokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            return Unexpected(what);
        }

        _index++;
        return true;
    }

    private bool ExpectIdentifier(string what, out string name, out SourceLocation location)
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            name = string.Empty;
            location = default;
            return Unexpected(what);
        }

        _index++;
        name = TextOf(token);
        location = Location(token);
        return true;
    }

    private bool Unexpected(string expected)
    {
        var token = Current;
        if (token.Kind == TokenKind.EndOfFile)
        {
            _diagnostics.Add(DiagnosticCodes.UnexpectedToken, "Expected " + expected + " but the file ended.", Location(token));
        }
        else
        {
            _diagnostics.Add(DiagnosticCodes.UnexpectedToken, "Expected " + expected + " but found '" + TextOf(token) + "'.", Location(token));
        }

        return false;
    }

    /// <summary>After a bad top-level statement: skip past the next ';' or balanced '{...}' block.</summary>
    private void SynchronizeTopLevel(int start)
    {
        if (_index == start && Current.Kind != TokenKind.EndOfFile)
        {
            _index++;
        }

        var depth = 0;
        for (var i = start; i < _index; i++)
        {
            var kind = _tokens[i].Kind;
            if (kind == TokenKind.OpenBrace)
            {
                depth++;
            }
            else if (kind == TokenKind.CloseBrace && depth > 0)
            {
                depth--;
            }
        }

        while (Current.Kind != TokenKind.EndOfFile)
        {
            var kind = Current.Kind;
            _index++;
            if (kind == TokenKind.OpenBrace)
            {
                depth++;
            }
            else if (kind == TokenKind.CloseBrace)
            {
                if (depth <= 1)
                {
                    return;
                }

                depth--;
            }
            else if (kind == TokenKind.Semicolon && depth == 0)
            {
                return;
            }
        }
    }

    /// <summary>After a bad member: skip to just after the separator, or to the closing '}' (not consumed).</summary>
    private void SynchronizeMember(TokenKind separator)
    {
        var depth = 0;
        while (Current.Kind != TokenKind.EndOfFile)
        {
            var kind = Current.Kind;
            if (kind == TokenKind.CloseBrace && depth == 0)
            {
                return;
            }

            _index++;
            if (kind == TokenKind.OpenBrace)
            {
                depth++;
            }
            else if (kind == TokenKind.CloseBrace)
            {
                depth--;
            }
            else if (kind == separator && depth == 0)
            {
                return;
            }
        }
    }

    private IReadOnlyList<string> Docs(Token token)
    {
        if (token.DocCount == 0)
        {
            return Array.Empty<string>();
        }

        var docs = new string[token.DocCount];
        for (var i = 0; i < docs.Length; i++)
        {
            docs[i] = _docs[token.DocStart + i];
        }

        return docs;
    }

    private string TextOf(Token token) => _text.Substring(token.Start, token.Length);

    private SourceLocation Location(Token token) =>
        new(_file, token.Line, token.Column, token.Line, token.Column + Math.Max(1, token.Length) - 1);

    private SourceLocation Span(Token first, Token last) =>
        new(_file, first.Line, first.Column, last.Line, last.Column + Math.Max(1, last.Length) - 1);
}
