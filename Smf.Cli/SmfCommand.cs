using Smf.Cli.Bench;
using Smf.Cli.Call;
using Smf.Cli.Describe;
using Smf.Cli.Health;

namespace Smf.Cli;

/// <summary>The <c>smf</c> command line: <c>call</c>, <c>describe</c>, <c>bench</c> and <c>health</c>.</summary>
internal static class SmfCommand
{
    public const string Usage = """
        usage:
          smf call     --schema <file.fbs> [-I <dir>] <host:port> <Service.Method> [<json> | -d <json>|@file|@-]
                       [--timeout 10s] [--compression zstd|lz4] [--raw] [--defaults]
          smf describe --schema <file.fbs> [-I <dir>] [--json]
          smf bench    --schema <file.fbs> [-I <dir>] <host:port> <Service.Method> [<json> | -d ...]
                       [-c <connections>] [--depth <calls in flight per connection>] [--duration 10s | -n <calls>]
                       [--rate <calls/s>] [--warmup 1s] [--timeout 10s] [--compression zstd|lz4] [--hgrm <file>] [--json]
          smf health   <host:port> [--service <name>] [--timeout 5s]
        call, bench and health take --tls, --tls-ca <pem>, --tls-cert <pem>, --tls-key <pem>, --tls-server-name <name>.
        Run 'smf <command> --help' for the options of one command; docs/cli.md has the details.
        """;

    /// <summary>Runs one command and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Count == 0 ? console.Error : console.Out).WriteLine(Usage);
            return args.Count == 0 ? ExitCodes.BadInput : ExitCodes.Ok;
        }

        var rest = args.Skip(1).ToArray();
        try
        {
            return args[0] switch
            {
                "call" => await CallCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false),
                "describe" => DescribeCommand.Run(rest, console),
                "bench" => await BenchCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false),
                "health" => await HealthCommand.RunAsync(rest, console, cancellationToken).ConfigureAwait(false),
                _ => throw new CliUsageException($"Unknown command '{args[0]}'; the commands are call, describe, bench and health."),
            };
        }
        catch (CliUsageException e)
        {
            console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The options every command that reads a schema takes.</summary>
    public static Dictionary<string, string> SchemaSpellings() => new(StringComparer.Ordinal)
    {
        ["--schema"] = "schema",
        ["-s"] = "schema",
        ["-I"] = "include",
        ["--include"] = "include",
        ["--help"] = "help",
        ["-h"] = "help",
    };
}
