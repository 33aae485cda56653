using Smf.Client;
using Smf.Sharding;

namespace Smf.Cli.Bench;

/// <summary>
/// <c>smf bench</c>, smf's load generator: many connections, many calls in flight, a closed or open loop, and a summary
/// with calls/s, errors by status and HdrHistogram latency percentiles.
/// </summary>
internal static class BenchCommand
{
    public const string Usage = $"""
        usage: smf bench --schema <file.fbs> [-I <dir>] <host:port> <Service.Method> [<json> | -d <json>|@file|@-] [options]
          -c, --connections  connections (default 1)
          --depth            calls in flight per connection, closed loop (default 1); with --rate, the most each
                             connection may have unanswered is 8192
          --duration         how long to measure (default 10s), or
          -n, --calls        how many calls to measure
          --rate             open loop: calls per second over all connections, latency from each call's due time
          --warmup           load before measuring, not counted (default 0s)
          --timeout          each call's deadline (default 10s)
          --compression      compress requests: zstd or lz4 (default none)
          --hgrm             write the latency distribution in HdrHistogram's percentile text format (microseconds)
          --json             print the summary as JSON
        {ClientSettings.TlsUsage}
        exit codes: 0 every measured call answered 200; 6 some did not; 2 bad input; 3 no connection could be made
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var spellings = SmfCommand.SchemaSpellings();
        foreach (var (spelling, name) in new[]
        {
            ("-d", "data"), ("--data", "data"), ("-c", "connections"), ("--connections", "connections"), ("--depth", "depth"),
            ("--duration", "duration"), ("-n", "calls"), ("--calls", "calls"), ("--rate", "rate"), ("--warmup", "warmup"),
            ("--hgrm", "hgrm"), ("--json", "json"),
        })
        {
            spellings[spelling] = name;
        }

        var flags = new HashSet<string>(ClientSettings.AddSpellings(spellings)) { "help", "json" };
        var line = CommandLine.Parse(args, spellings, flags);
        if (line.Has("help"))
        {
            console.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (line.Positionals.Count < 2)
        {
            throw new CliUsageException("smf bench needs the server address and the method: smf bench --schema x.fbs 127.0.0.1:20776 Service.Method -d '{...}'.");
        }

        var options = ParseOptions(line);
        var settings = ClientSettings.From(line, TimeSpan.FromSeconds(10));
        var schema = SchemaSource.Load(line, console.Error);
        var method = schema.FindMethod(line.Positionals[1]);
        var endPoint = ServerAddress.Parse(line.Positionals[0]);
        var payload = RequestData.Encode(line, line.Positionals.Skip(2).ToList(), method.Request, console);
        var hgrm = line.Single("hgrm");
        var setup = new BenchSetup(method.Service.Name + "." + method.Name, line.Positionals[0], options);

        var maxInFlight = options.IsOpenLoop ? BenchOptions.OpenLoopMaxInFlight : options.Depth;
        var clients = new List<RpcClient>();
        // The connections and the closed-loop callers share one shard: each caller's next call starts on the thread
        // that read its reply, with no hop to the thread pool and back.
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        try
        {
            for (var i = 0; i < options.Connections; i++)
            {
                var client = settings.CreateClient(endPoint, maxInFlight, shards);
                clients.Add(client);
                await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            }

            var progress = console.ErrorIsTerminal ? new ProgressLine(console.Error) : null;
            var runner = new BenchRunner(options, method.SmfRequestId, payload, settings);
            var result = await runner.RunAsync(shards, clients, progress is null ? null : progress.Update, cancellationToken).ConfigureAwait(false);
            progress?.Clear();

            if (hgrm is not null)
            {
                BenchReport.WriteHgrm(hgrm, result);
            }

            if (line.Has("json"))
            {
                BenchReport.WriteJson(console.Out, setup, result, hgrm);
            }
            else
            {
                BenchReport.WriteText(console.Out, setup, result);
            }

            return result.ErrorCount == 0 && result.Calls > 0 ? ExitCodes.Ok : ExitCodes.BenchErrors;
        }
        catch (RpcConnectionException e)
        {
            console.Error.WriteLine($"error: connection {clients.Count} of {options.Connections} to {line.Positionals[0]} failed: {ConnectionFailure.Describe(e)}");
            return ExitCodes.ConnectionFailed;
        }
        catch (TimeoutException e)
        {
            console.Error.WriteLine("error: " + e.Message);
            return ExitCodes.TimedOut;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static BenchOptions ParseOptions(CommandLine line)
    {
        var connections = (int)line.Integer("connections", 1, 1, 10_000);
        var depth = (int)line.Integer("depth", 1, 1, 65_536);
        long? calls = line.Single("calls") is null ? null : line.Integer("calls", 0, 1, BenchRunner.MaxCallsPerLoop);
        if (calls is not null && line.Single("duration") is not null)
        {
            throw new CliUsageException("Give either --duration or -n/--calls, not both.");
        }

        TimeSpan? duration = calls is null ? line.Duration("duration", TimeSpan.FromSeconds(10)) : null;
        if (duration is { } d && (d <= TimeSpan.Zero || d > TimeSpan.FromDays(1)))
        {
            throw new CliUsageException("'--duration' must be longer than zero and at most 24h.");
        }

        double? rate = null;
        if (line.Single("rate") is { } rateText)
        {
            if (!double.TryParse(rateText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) || !(r > 0) || r > 100_000_000)
            {
                throw new CliUsageException($"'--rate {rateText}' is not valid; give calls per second, above 0 and at most 100000000.");
            }

            if (line.Single("depth") is not null)
            {
                throw new CliUsageException("--depth sets a closed loop and --rate an open loop; give one of them.");
            }

            rate = r;
        }

        var warmup = line.Duration("warmup", TimeSpan.Zero);
        if (warmup > TimeSpan.FromHours(1))
        {
            throw new CliUsageException("'--warmup' must be at most 1h.");
        }

        return new BenchOptions(connections, depth, duration, calls, rate, warmup);
    }
}
