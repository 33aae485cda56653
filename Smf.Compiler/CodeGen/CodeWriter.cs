using System.Text;

namespace Smf.Compiler.CodeGen;

/// <summary>
/// Accumulates C# text with scoped indentation. Lines end with <c>\n</c> on every platform so the
/// output is byte-for-byte deterministic.
/// </summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty line has no indentation).</summary>
    public void Line(string text)
    {
        if (text.Length > 0)
        {
            _text.Append(' ', _indent * 4);
            _text.Append(text);
        }

        _text.Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void Line() => _text.Append('\n');

    /// <summary>Writes every line of a multi-line text (split on <c>\n</c>) at the current indentation.</summary>
    public void Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var count = lines.Length;
        if (count > 0 && lines[count - 1].Length == 0)
        {
            count--;
        }

        for (var i = 0; i < count; i++)
        {
            Line(lines[i]);
        }
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        return Block();
    }

    /// <summary>Writes an opening brace and indents until the scope is disposed (which writes the closing brace).</summary>
    public Scope Block()
    {
        Line("{");
        _indent++;
        return new Scope(this, "}");
    }

    /// <summary>Like <see cref="Block(string)"/> but closes with <paramref name="close"/>, e.g. <c>};</c>.</summary>
    public Scope Block(string header, string close)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this, close);
    }

    /// <summary>Indents without braces until the scope is disposed.</summary>
    public Scope Indent()
    {
        _indent++;
        return new Scope(this, null);
    }

    /// <summary>
    /// Writes an XML doc comment: each schema doc line becomes one <c>///</c> line inside
    /// <c>&lt;summary&gt;</c>, XML-escaped. Writes <paramref name="fallback"/> (already XML) when there are no doc lines.
    /// </summary>
    public void Summary(IReadOnlyList<string> documentation, string fallback)
    {
        if (documentation.Count == 0)
        {
            Line("/// <summary>" + fallback + "</summary>");
            return;
        }

        Line("/// <summary>");
        foreach (var line in documentation)
        {
            Line(("/// " + EscapeXml(line.Trim())).TrimEnd());
        }

        Line("/// </summary>");
    }

    /// <summary>Writes a one-line <c>&lt;summary&gt;</c> doc comment; <paramref name="xml"/> may hold tags such as <c>paramref</c>, so escape schema text in it.</summary>
    public void Summary(string xml) => Line("/// <summary>" + xml + "</summary>");

    /// <summary>Escapes <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> (and control characters) for XML doc text.</summary>
    public static string EscapeXml(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029' || c == '\u0085')
                    {
                        builder.Append(' ');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Closes an indentation scope.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly CodeWriter _writer;
        private readonly string? _close;

        public Scope(CodeWriter writer, string? close)
        {
            _writer = writer;
            _close = close;
        }

        public void Dispose()
        {
            _writer._indent--;
            if (_close is not null)
            {
                _writer.Line(_close);
            }
        }
    }
}
