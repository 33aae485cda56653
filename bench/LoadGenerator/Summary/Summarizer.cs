using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Smf.Bench.LoadGenerator.Summary;

/// <summary>
/// <c>summarize results.jsonl [--run-id ID]</c>: the markdown summary of one run (the last run id in
/// the file unless given): per shape and server, the median over rounds with the min-max range, then
/// our ratios to gRPC for .NET (its best of pinned and unpinned) and to the C floor against the goals, our
/// client (labels <c>rpc-*</c>: callers on the thread pool; <c>rpc-*-shard</c>: callers on the clients' shard) against
/// the raw load generator (label <c>ours</c>) and gRPC, and the cost of request verification (<c>ours</c> against
/// <c>ours-noverify</c>).
/// </summary>
internal static partial class Summarizer
{
    private static readonly (string Key, string Title, string Format)[] Metrics =
    [
        ("throughput", "calls/s", "N0"),
        ("p50Us", "p50 µs", "F1"),
        ("p90Us", "p90 µs", "F1"),
        ("p99Us", "p99 µs", "F1"),
        ("p999Us", "p99.9 µs", "F1"),
        ("p9999Us", "p99.99 µs", "F1"),
        ("maxUs", "max µs", "F0"),
        ("serverCpuUsPerCall", "server CPU µs/call", "F2"),
        ("clientCpuUsPerCall", "client CPU µs/call", "F2"),
        ("serverAllocBytesPerCall", "server B/call", "F2"),
        ("clientAllocBytesPerCall", "client B/call", "F2"),
        ("gen0PerMillion", "gen0 /M calls", "F1"),
    ];

    /// <summary>
    /// The labels of our client's rows, one per call path and caller placement: <c>rpc-*</c> callers on the thread pool,
    /// <c>rpc-*-shard</c> callers on the clients' own shard (<c>--client-on-shard</c>).
    /// </summary>
    private static readonly string[] OurClients =
        ["rpc-raw", "rpc-raw-shard", "rpc-status", "rpc-status-shard", "rpc-typed", "rpc-typed-shard"];

    /// <summary>The rows of the key-figures table: the raw generator, our client (both placements), gRPC, the C floor.</summary>
    private static readonly string[] KeyRows = ["ours", .. OurClients, "grpc", "grpc-unpinned", "c"];

    /// <summary>Whether the row is the zero-allocation path (<c>PutWithStatusAsync</c> with a reused request), either placement.</summary>
    private static bool IsZeroAllocPath(string client) => client.StartsWith("rpc-status", StringComparison.Ordinal);

    public static int Execute(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new ArgumentException("summarize needs the results file: LoadGenerator summarize results.jsonl [--run-id ID].");
        }

        var runs = File.ReadLines(args[0])
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        var runId = args.Count >= 3 && args[1] == "--run-id" ? args[2] : runs.LastOrDefault().GetProperty("runId").GetString();
        runs = runs.Where(r => r.GetProperty("runId").GetString() == runId).ToList();
        if (runs.Count == 0)
        {
            throw new ArgumentException($"'{args[0]}' has no results for run id '{runId}'.");
        }

        Console.Write(Render(runId!, runs));
        return 0;
    }

    private static string Render(string runId, List<JsonElement> runs)
    {
        var sb = new StringBuilder();
        var rounds = runs.Select(r => r.GetProperty("round").GetInt32()).Distinct().Count();
        var servers = runs.Select(r => r.GetProperty("server").GetString()!).Distinct().ToList();
        var shapes = runs.Select(r => r.GetProperty("shape").GetString()!).Distinct().ToList();
        var errors = runs.Sum(r => r.GetProperty("errors").GetInt64());
        sb.AppendLine(CultureInfo.InvariantCulture, $"Run `{runId}`: {runs.Count} measurements, {rounds} rounds, servers {string.Join(", ", servers)}; {errors} errors. Cells: median over rounds (min-max).");
        sb.AppendLine();
        var request = runs.Select(r => r.GetProperty("requestFrameBytes").GetInt32()).FirstOrDefault(v => v > 0);
        var reply = runs.Select(r => r.GetProperty("replyFrameBytes").GetInt32()).FirstOrDefault(v => v > 0);
        if (request > 0)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"smf frames on the wire: request {request} B, reply {reply} B (16-byte header included).");
        }

        AppendHeadline(sb, runs, servers, shapes);
        AppendKeyFigures(sb, runs, servers);
        foreach (var shape in shapes)
        {
            var offered = runs.Where(r => r.GetProperty("shape").GetString() == shape).Select(r => r.GetProperty("offeredRate").GetDouble()).Max();
            sb.AppendLine();
            sb.AppendLine(offered > 0
                ? string.Create(CultureInfo.InvariantCulture, $"### {shape} (open loop, offered {offered:N0} calls/s, latency from the scheduled send time)")
                : $"### {shape}");
            sb.AppendLine();
            sb.AppendLine("| server | " + string.Join(" | ", Metrics.Select(m => m.Title)) + " |");
            sb.AppendLine("|---|" + string.Concat(Metrics.Select(_ => "---:|")));
            foreach (var server in servers)
            {
                var cells = Metrics.Select(m => Cell(Values(runs, server, shape, m.Key), m.Format)).ToList();
                if (cells.All(c => c == "–"))
                {
                    continue;
                }

                sb.AppendLine($"| {server} | " + string.Join(" | ", cells) + " |");
            }
        }

        sb.AppendLine();
        sb.AppendLine("### Goals (ratios of medians; gRPC = the better of its pinned and unpinned medians)");
        sb.AppendLine();
        sb.AppendLine("| goal | ours | reference | ratio | target | met |");
        sb.AppendLine("|---|---:|---:|---:|---:|:---:|");
        var grpcServers = servers.Where(s => s.StartsWith("grpc", StringComparison.Ordinal)).ToList();
        double? GrpcBest(string shape, string key, bool lowerIsBetter)
        {
            var medians = grpcServers.Select(s => Median(Values(runs, s, shape, key))).Where(v => v.HasValue).Select(v => v!.Value).ToList();
            return medians.Count == 0 ? null : lowerIsBetter ? medians.Min() : medians.Max();
        }

        double? Ours(string server, string shape, string key) => Median(Values(runs, server, shape, key));

        Goal(sb, "L1 p99 vs gRPC", Ours("ours", "L1", "p99Us"), GrpcBest("L1", "p99Us", true), 0.5, atMost: true, "F1");
        Goal(sb, "L1 p99.9 vs gRPC", Ours("ours", "L1", "p999Us"), GrpcBest("L1", "p999Us", true), 0.25, atMost: true, "F1");
        Goal(sb, "T1 throughput vs gRPC", Ours("ours", "T1", "throughput"), GrpcBest("T1", "throughput", false), 5, atMost: false, "N0");
        Goal(sb, "T8 throughput vs gRPC", Ours("ours", "T8", "throughput"), GrpcBest("T8", "throughput", false), 5, atMost: false, "N0");
        Goal(sb, "T8 server CPU/call vs gRPC", Ours("ours", "T8", "serverCpuUsPerCall"), GrpcBest("T8", "serverCpuUsPerCall", true), 0.2, atMost: true, "F2");
        foreach (var shape in new[] { "L1", "T1", "T8", "T64" })
        {
            var ours = Ours("ours", shape, "serverAllocBytesPerCall");
            var grpc = GrpcBest(shape, "serverAllocBytesPerCall", true);
            if (ours is { } o)
            {
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {shape} server bytes allocated/call (0 wanted) | {o:F2} | {(grpc is { } g ? g.ToString("F0", CultureInfo.InvariantCulture) : "–")} (gRPC) | – | 0 | {(o < 0.5 ? "yes" : "no")} |"));
            }
        }

        Goal(sb, "L1 p50 vs C", Ours("ours", "L1", "p50Us"), Ours("c", "L1", "p50Us"), 1.15, atMost: true, "F1");
        foreach (var shape in new[] { "T1", "T8", "T64" })
        {
            Goal(sb, $"{shape} throughput vs C", Ours("ours", shape, "throughput"), Ours("c", shape, "throughput"), 0.8, atMost: false, "N0");
        }

        foreach (var shape in new[] { "L1", "T1", "T8", "T64" })
        {
            Goal(sb, $"{shape} server CPU/call vs C", Ours("ours", shape, "serverCpuUsPerCall"), Ours("c", shape, "serverCpuUsPerCall"), 1.25, atMost: true, "F2");
        }

        Goal(sb, "L1 p50, poll mode vs busy-polling C", Ours("ours-poll", "L1", "p50Us"), Ours("c-busy", "L1", "p50Us"), 1.15, atMost: true, "F1");

        var clients = OurClients.Where(servers.Contains).ToList();
        if (clients.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("### Our client (rpc-* = our client + our server, callers on the thread pool; rpc-*-shard = callers on the clients' shard; reference: gRPC's client + server at its best, or the raw load generator on our server, label ours)");
            sb.AppendLine();
            sb.AppendLine("| goal | ours | reference | ratio | target | met |");
            sb.AppendLine("|---|---:|---:|---:|---:|:---:|");
            foreach (var client in clients)
            {
                Goal(sb, $"T8 throughput, {client} vs gRPC", Ours(client, "T8", "throughput"), GrpcBest("T8", "throughput", false), 10, atMost: false, "N0");
            }

            foreach (var client in clients)
            {
                Goal(sb, $"T8 client CPU/call, {client} vs raw generator", Ours(client, "T8", "clientCpuUsPerCall"), Ours("ours", "T8", "clientCpuUsPerCall"), 1.25, atMost: true, "F2");
            }

            foreach (var client in clients)
            {
                Goal(sb, $"L1 p50, {client} vs raw generator", Ours(client, "L1", "p50Us"), Ours("ours", "L1", "p50Us"), 1.1, atMost: true, "F1");
            }

            foreach (var client in clients)
            {
                foreach (var shape in new[] { "L1", "T1", "T8" })
                {
                    if (Ours(client, shape, "clientAllocBytesPerCall") is { } o)
                    {
                        var met = IsZeroAllocPath(client) ? (o < 0.5 ? "yes" : "no") : "–";
                        var grpc = GrpcBest(shape, "clientAllocBytesPerCall", true);
                        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                            $"| {shape} client bytes allocated/call, {client} | {o:F2} | {(grpc is { } g ? g.ToString("F0", CultureInfo.InvariantCulture) : "–")} (gRPC) | – | {(IsZeroAllocPath(client) ? "0" : "–")} | {met} |"));
                    }
                }
            }
        }

        if (servers.Contains("ours-noverify"))
        {
            sb.AppendLine();
            sb.AppendLine("### Request verification (raw load generator; ours = VerifyRequests on, ours-noverify = off)");
            sb.AppendLine();
            sb.AppendLine("| shape | server CPU µs/call on | off | on - off | on / off | calls/s on | off | p50 µs on | off |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var shape in new[] { "L1", "T1", "T8", "T64" })
            {
                var on = Ours("ours", shape, "serverCpuUsPerCall");
                var off = Ours("ours-noverify", shape, "serverCpuUsPerCall");
                if (on is null || off is null)
                {
                    continue;
                }

                sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {shape} | {on:F2} | {off:F2} | {on - off:F2} | {(off > 0 ? (on / off)!.Value.ToString("F2", CultureInfo.InvariantCulture) + "x" : "–")} | {Format(Ours("ours", shape, "throughput"), "N0")} | {Format(Ours("ours-noverify", shape, "throughput"), "N0")} | {Format(Ours("ours", shape, "p50Us"), "F1")} | {Format(Ours("ours-noverify", shape, "p50Us"), "F1")} |"));
            }
        }

        AppendTlsGoals(sb, runs, servers);
        AppendThreeNodeGoals(sb, runs, servers);
        return sb.ToString();
    }

    /// <summary>One line per server: throughput of the closed-loop shapes and p50/p99 of every shape, medians only.</summary>
    private static void AppendHeadline(StringBuilder sb, List<JsonElement> runs, List<string> servers, List<string> shapes)
    {
        sb.AppendLine();
        sb.AppendLine("### Headline (medians; calls/s for T shapes, p50 / p99 µs for every shape)");
        sb.AppendLine();
        sb.AppendLine("| server | " + string.Join(" | ", shapes) + " |");
        sb.AppendLine("|---|" + string.Concat(shapes.Select(_ => "---:|")));
        foreach (var server in servers)
        {
            var cells = shapes.Select(shape =>
            {
                var p50 = Median(Values(runs, server, shape, "p50Us"));
                var p99 = Median(Values(runs, server, shape, "p99Us"));
                var throughput = Median(Values(runs, server, shape, "throughput"));
                if (p50 is null)
                {
                    return "–";
                }

                var latency = $"{Format(p50, "F1")} / {Format(p99, "F1")}";
                return shape.StartsWith('T') ? $"{Format(throughput, "N0")}/s, {latency}" : latency;
            });
            sb.AppendLine($"| {server} | " + string.Join(" | ", cells) + " |");
        }
    }

    /// <summary>
    /// One line per client and server: L1 p50, T1 and T8 calls/s, and the T8 CPU and allocation per call of client and
    /// server, medians only. The rows the goals compare, side by side.
    /// </summary>
    private static void AppendKeyFigures(StringBuilder sb, List<JsonElement> runs, List<string> servers)
    {
        var rows = KeyRows.Where(servers.Contains).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        sb.AppendLine();
        sb.AppendLine("### Key figures (medians over rounds)");
        sb.AppendLine();
        sb.AppendLine("| row | L1 p50 µs | T1 calls/s | T8 calls/s | T8 client CPU µs/call | T8 client B/call | T8 server CPU µs/call |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            string M(string shape, string key, string format) => Format(Median(Values(runs, row, shape, key)), format);
            sb.AppendLine($"| {row} | {M("L1", "p50Us", "F1")} | {M("T1", "throughput", "N0")} | {M("T8", "throughput", "N0")} | {M("T8", "clientCpuUsPerCall", "F2")} | {M("T8", "clientAllocBytesPerCall", "F2")} | {M("T8", "serverCpuUsPerCall", "F2")} |");
        }
    }

    private static void Goal(StringBuilder sb, string name, double? ours, double? reference, double target, bool atMost, string format)
    {
        if (ours is not { } o || reference is not { } r || r == 0)
        {
            sb.AppendLine($"| {name} | {Format(ours, format)} | {Format(reference, format)} | – | {(atMost ? "≤" : "≥")} {target.ToString(CultureInfo.InvariantCulture)}x | not measured |");
            return;
        }

        var ratio = o / r;
        var met = atMost ? ratio <= target : ratio >= target;
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Format(o, format)} | {Format(r, format)} | {ratio:F2}x | {(atMost ? "≤" : "≥")} {target}x | {(met ? "yes" : "no")} |"));
    }

    private static List<double> Values(List<JsonElement> runs, string server, string shape, string key) =>
        runs.Where(r => r.GetProperty("server").GetString() == server && r.GetProperty("shape").GetString() == shape)
            .Select(r => r.GetProperty(key))
            .Where(v => v.ValueKind == JsonValueKind.Number)
            .Select(v => v.GetDouble())
            .ToList();

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static string Cell(List<double> values, string format)
    {
        if (Median(values) is not { } median)
        {
            return "–";
        }

        return values.Count == 1
            ? Format(median, format)
            : $"{Format(median, format)} ({Format(values.Min(), format)}-{Format(values.Max(), format)})";
    }

    private static string Format(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
