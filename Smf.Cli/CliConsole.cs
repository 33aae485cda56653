namespace Smf.Cli;

/// <summary>The streams a command reads and writes, and whether they are terminals (tests pass their own).</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input, bool inputRedirected, bool errorIsTerminal)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System => new(Console.Out, Console.Error, Console.In, Console.IsInputRedirected, !Console.IsErrorRedirected);

    /// <summary>Results: the reply JSON, descriptions, summaries.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Statuses, errors and the live progress line.</summary>
    public TextWriter Error { get; } = error;

    /// <summary>Standard input, read for <c>-d @-</c> or when no request is given and input is redirected.</summary>
    public TextReader In { get; } = input;

    /// <summary>Whether standard input comes from a pipe or a file rather than a terminal.</summary>
    public bool InputRedirected { get; } = inputRedirected;

    /// <summary>Whether standard error is a terminal: only then does <c>smf bench</c> draw its progress line.</summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal;
}
