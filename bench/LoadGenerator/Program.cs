using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Summary;

namespace Smf.Bench.LoadGenerator;

/// <summary>The benchmark client's entry point: <c>run</c>, <c>probe</c>, <c>summarize</c>.</summary>
internal static class Program
{
    private const string Usage = """
        LoadGenerator run --protocol smf|grpc|rpc-raw|rpc-status|rpc-typed --port N [--server LABEL] [--server-pid PID] [--stats-port N]
                          [--shapes L1,T1,T8,T64,P8,O50,O80] [--reference-rate CALLS_PER_S] [--first-warmup-ms 1500]
                          [--warmup-ms 500] [--duration-ms 2000] [--round N] [--pinned true|false] [--client-spin] [--alloc-report]
                          [--echo-bytes N] [--idle-connections N] [--key-owners N] [--client-filter none|zstd|lz4]
                          [--out results.jsonl] [--hgrm-dir DIR] [--run-id ID]
        LoadGenerator probe --port N [--host 127.0.0.1]
        LoadGenerator summarize results.jsonl [--run-id ID]
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "run" => RunCommand.Execute(rest),
                "probe" => ProbeCommand.Execute(rest),
                "summarize" => Summarizer.Execute(rest),
                _ => throw new ArgumentException($"Unknown command '{args[0]}'.\n{Usage}"),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"LoadGenerator: {ex.Message}");
            return 2;
        }
    }
}
