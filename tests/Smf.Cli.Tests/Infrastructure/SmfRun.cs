using System.Diagnostics;

namespace Smf.Cli.Tests.Infrastructure;

/// <summary>Runs <c>smf</c>: as a real process (<c>dotnet smf.dll</c>), or in-process through its entry point with captured streams.</summary>
internal static class SmfRun
{
    public static readonly string SchemaPath = Oracle.SchemaPath("kvstore.fbs");

    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>Runs the tool as a child process, standard input from <paramref name="input"/> (redirected, so never a terminal).</summary>
    public static async Task<Result> ProcessAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smf.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("smf " + string.Join(" ", args) + " did not finish within 60 s.");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the tool in this process; <paramref name="errorIsTerminal"/> pretends standard error is a terminal.</summary>
    public static async Task<Result> InProcessAsync(bool errorIsTerminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, new StringReader(string.Empty), inputRedirected: false, errorIsTerminal);
        var exit = await SmfCommand.RunAsync(args, console).WaitAsync(TimeSpan.FromSeconds(60));
        return new Result(exit, output.ToString(), error.ToString());
    }
}
