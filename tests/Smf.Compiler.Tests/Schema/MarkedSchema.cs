namespace Smf.Compiler.Tests.Schema;

/// <summary>Schemas with the expected error span marked by <c>[|</c> and <c>|]</c>.</summary>
internal static class MarkedSchema
{
    public static void AssertFirstError(string marked, string code)
    {
        var start = marked.IndexOf("[|", StringComparison.Ordinal);
        var end = marked.IndexOf("|]", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0 && end > start, "The test schema has no [| |] span marker.");
        var text = marked.Remove(end, 2).Remove(start, 2);
        var (line, column) = Position(text, start);
        var (endLine, endColumn) = Position(text, end - 3);
        TestCompiler.Invalid(text, code, line, column, endLine, endColumn);
    }

    /// <summary>1-based line and column of a character index.</summary>
    public static (int Line, int Column) Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }
}
