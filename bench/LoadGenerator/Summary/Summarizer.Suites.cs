using System.Globalization;
using System.Text.Json;

namespace Smf.Bench.LoadGenerator.Summary;

/// <summary>The goals of run.sh's opt-in suites: TLS against plaintext and gRPC, and three servers through one channel.</summary>
internal static partial class Summarizer
{
    private static readonly string[] TlsRows = ["rpc-status-shard-plain", "rpc-status-shard-tls", "grpc-plain", "grpc-tls"];

    private static readonly string[] ThreeNodeRows = ["n3-direct", "n3-channel-rr", "n3-channel-keyed"];

    private static void AppendTlsGoals(System.Text.StringBuilder sb, List<JsonElement> runs, List<string> servers)
    {
        if (!TlsRows.Any(servers.Contains))
        {
            return;
        }

        double? M(string server, string shape, string key) => Median(Values(runs, server, shape, key));
        sb.AppendLine();
        sb.AppendLine("### TLS (suite tls; ours = our client, callers on its shard, PutWithStatusAsync, on our server; CONN = new connections per second: connect, handshake, one call, close)");
        sb.AppendLine();
        sb.AppendLine("| row | L1 p50 µs | T1 calls/s | T8 calls/s | T8 client CPU µs/call | T8 server CPU µs/call | CONN connections/s | CONN p50 µs |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in TlsRows.Where(servers.Contains))
        {
            sb.AppendLine($"| {row} | {Format(M(row, "L1", "p50Us"), "F1")} | {Format(M(row, "T1", "throughput"), "N0")} | {Format(M(row, "T8", "throughput"), "N0")} | {Format(M(row, "T8", "clientCpuUsPerCall"), "F2")} | {Format(M(row, "T8", "serverCpuUsPerCall"), "F2")} | {Format(M(row, "CONN", "throughput"), "N0")} | {Format(M(row, "CONN", "p50Us"), "F1")} |");
        }

        sb.AppendLine();
        sb.AppendLine("| goal | ours | reference | ratio | target | met |");
        sb.AppendLine("|---|---:|---:|---:|---:|:---:|");
        Goal(sb, "T8 throughput, ours TLS vs ours plaintext", M("rpc-status-shard-tls", "T8", "throughput"), M("rpc-status-shard-plain", "T8", "throughput"), 0.6, atMost: false, "N0");
        Goal(sb, "T8 throughput, ours TLS vs gRPC TLS", M("rpc-status-shard-tls", "T8", "throughput"), M("grpc-tls", "T8", "throughput"), 8, atMost: false, "N0");
        foreach (var (name, ours, reference) in new[]
        {
            ("T1 throughput, ours TLS vs ours plaintext", M("rpc-status-shard-tls", "T1", "throughput"), M("rpc-status-shard-plain", "T1", "throughput")),
            ("L1 p50, ours TLS vs ours plaintext", M("rpc-status-shard-tls", "L1", "p50Us"), M("rpc-status-shard-plain", "L1", "p50Us")),
            ("T8 throughput, gRPC TLS vs gRPC plaintext", M("grpc-tls", "T8", "throughput"), M("grpc-plain", "T8", "throughput")),
            ("CONN connections/s, ours TLS vs ours plaintext", M("rpc-status-shard-tls", "CONN", "throughput"), M("rpc-status-shard-plain", "CONN", "throughput")),
            ("CONN connections/s, gRPC TLS vs gRPC plaintext", M("grpc-tls", "CONN", "throughput"), M("grpc-plain", "CONN", "throughput")),
            ("CONN connections/s, ours TLS vs gRPC TLS", M("rpc-status-shard-tls", "CONN", "throughput"), M("grpc-tls", "CONN", "throughput")),
        })
        {
            Ratio(sb, name, ours, reference);
        }
    }

    private static void AppendThreeNodeGoals(System.Text.StringBuilder sb, List<JsonElement> runs, List<string> servers)
    {
        var rows = ThreeNodeRows.Where(servers.Contains).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var shapes = runs.Where(r => rows.Contains(r.GetProperty("server").GetString()!)).Select(r => r.GetProperty("shape").GetString()!).Distinct().ToList();
        double? M(string server, string shape, string key) => Median(Values(runs, server, shape, key));
        sb.AppendLine();
        sb.AppendLine("### Three servers (suite nodes3; our client, callers on its shard, PutWithStatusAsync; direct = one RpcClient per server, callers split evenly; channel = one RpcChannel)");
        sb.AppendLine();
        sb.AppendLine("| goal | channel | direct | ratio | target | met |");
        sb.AppendLine("|---|---:|---:|---:|---:|:---:|");
        foreach (var shape in shapes)
        {
            Goal(sb, $"{shape} calls/s, round-robin channel vs direct", M("n3-channel-rr", shape, "throughput"), M("n3-direct", shape, "throughput"), 0.9, atMost: false, "N0");
            Goal(sb, $"{shape} calls/s, keyed channel vs direct", M("n3-channel-keyed", shape, "throughput"), M("n3-direct", shape, "throughput"), 0.9, atMost: false, "N0");
            Ratio(sb, $"{shape} client CPU µs/call, round-robin channel vs direct", M("n3-channel-rr", shape, "clientCpuUsPerCall"), M("n3-direct", shape, "clientCpuUsPerCall"));
            Ratio(sb, $"{shape} client CPU µs/call, keyed channel vs direct", M("n3-channel-keyed", shape, "clientCpuUsPerCall"), M("n3-direct", shape, "clientCpuUsPerCall"));
            Ratio(sb, $"{shape} p50 µs, round-robin channel vs direct", M("n3-channel-rr", shape, "p50Us"), M("n3-direct", shape, "p50Us"));
            Ratio(sb, $"{shape} p50 µs, keyed channel vs direct", M("n3-channel-keyed", shape, "p50Us"), M("n3-direct", shape, "p50Us"));
        }
    }

    /// <summary>A comparison without a goal: both medians and their ratio.</summary>
    private static void Ratio(System.Text.StringBuilder sb, string name, double? ours, double? reference)
    {
        var ratio = ours is { } o && reference is { } r && r != 0 ? (o / r).ToString("F2", CultureInfo.InvariantCulture) + "x" : "–";
        var format = name.Contains("p50", StringComparison.Ordinal) || name.Contains("CPU", StringComparison.Ordinal) ? "F2" : "N0";
        sb.AppendLine($"| {name} | {Format(ours, format)} | {Format(reference, format)} | {ratio} | – | – |");
    }
}
