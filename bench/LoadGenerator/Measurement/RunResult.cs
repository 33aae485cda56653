using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using Smf.Bench.LoadGenerator.Cli;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>Turns one <see cref="ShapeMeasurement"/> into the figures of one run: a JSON line, a console line and an .hgrm file.</summary>
internal static class RunResult
{
    public static void Write(RunOptions options, Shape shape, ShapeMeasurement m)
    {
        var seconds = Clock.Seconds(m.WindowTicks);
        var calls = m.Calls;
        double? PerCall(double start, double end) => start >= 0 && end >= 0 && calls > 0 ? (end - start) / calls : null;
        double Us(double percentile) => m.Latency.TotalCount == 0 ? double.NaN : m.Latency.GetValueAtPercentile(percentile) / 1000.0;

        var throughput = seconds > 0 ? calls / seconds : 0;
        var serverCpu = PerCall(m.Start.ServerCpuUs, m.End.ServerCpuUs);
        var clientCpu = PerCall(m.Start.ClientCpuUs, m.End.ClientCpuUs);
        double? allocPerCall = m.Start.Stats is { } s0 && m.End.Stats is { } s1 && calls > 0 ? (double)(s1.AllocatedBytes - s0.AllocatedBytes) / calls : null;
        double? gen0PerMillion = m.Start.Stats is { } g0 && m.End.Stats is { } g1 && calls > 0 ? (g1.Gen0 - g0.Gen0) * 1e6 / calls : null;
        double? clientAllocPerCall = calls > 0 ? (double)(m.End.ClientAllocatedBefore - m.Start.ClientAllocatedAfter) / calls : null;
        long? gen2 = m.Start.Stats is { } h0 && m.End.Stats is { } h1 ? h1.Gen2 - h0.Gen2 : null;

        string? hgrm = null;
        if (options.HgrmDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            hgrm = Path.Combine(dir, $"{options.RunId}-r{options.Round}-{options.Server}-{shape.Name}.hgrm");
            using var writer = new StreamWriter(hgrm);
            m.Latency.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: 1000.0);
        }

        if (options.OutputFile is { } file)
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("runId", options.RunId);
                json.WriteString("utc", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                json.WriteNumber("round", options.Round);
                json.WriteString("server", options.Server);
                json.WriteString("protocol", options.Protocol);
                json.WriteString("shape", shape.Name);
                json.WriteNumber("connections", shape.Connections);
                json.WriteNumber("depth", shape.Depth);
                json.WriteBoolean("pinned", options.Pinned);
                json.WriteBoolean("clientSpin", options.ClientSpin);
                json.WriteNumber("offeredRate", Math.Round(m.OfferedRate));
                json.WriteNumber("windowSec", Math.Round(seconds, 4));
                json.WriteNumber("calls", calls);
                json.WriteNumber("throughput", Math.Round(throughput));
                json.WriteNumber("samples", m.Latency.TotalCount);
                Number(json, "p50Us", Us(50));
                Number(json, "p90Us", Us(90));
                Number(json, "p99Us", Us(99));
                Number(json, "p999Us", Us(99.9));
                Number(json, "p9999Us", Us(99.99));
                Number(json, "maxUs", m.Latency.TotalCount == 0 ? double.NaN : m.Latency.GetMaxValue() / 1000.0);
                Number(json, "serverCpuUsPerCall", serverCpu);
                Number(json, "clientCpuUsPerCall", clientCpu);
                Number(json, "serverContextSwitchesPerCall", m.Start.ServerContextSwitches >= 0 && m.End.ServerContextSwitches >= 0 && calls > 0 ? (double)(m.End.ServerContextSwitches - m.Start.ServerContextSwitches) / calls : null);
                Number(json, "serverAllocBytesPerCall", allocPerCall);
                Number(json, "clientAllocBytesPerCall", clientAllocPerCall);
                Number(json, "gen0PerMillion", gen0PerMillion);
                if (gen2 is { } g)
                {
                    json.WriteNumber("gen2", g);
                }
                else
                {
                    json.WriteNull("gen2");
                }

                json.WriteNumber("errors", m.Errors);
                json.WriteNumber("unanswered", m.Unanswered);
                json.WriteString("firstError", m.FirstError);
                json.WriteNumber("requestFrameBytes", m.RequestFrameBytes);
                json.WriteNumber("replyFrameBytes", m.ReplyFrameBytes);
                json.WriteString("hgrm", hgrm);
                json.WriteNumber("valueBytes", options.EchoBytes);
                Number(json, "valueMBPerSec", options.EchoBytes > 0 ? throughput * options.EchoBytes / 1e6 : null);
                json.WriteString("clientFilter", options.ClientFilter);
                Number(json, "compressionRatio", m.CompressionRatio);
                json.WriteNumber("keyOwners", options.KeyOwners);
                json.WriteNumber("idleConnections", m.Idle?.Count ?? 0);
                Number(json, "idleConnectSec", m.Idle?.ConnectSeconds);
                Number(json, "idleAcceptsPerSec", m.Idle?.AcceptsPerSecond);
                Number(json, "idleRssBytesPerConnection", m.Idle?.RssBytesPerConnection);
                Number(json, "idleAllocBytesPerConnection", m.Idle?.AllocatedBytesPerConnection);
                json.WriteEndObject();
            }

            File.AppendAllText(file, System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Server,-16} r{options.Round} {shape.Name,-4} {throughput,10:F0}/s  p50 {Us(50),8:F1}  p90 {Us(90),8:F1}  p99 {Us(99),8:F1}  p99.9 {Us(99.9),8:F1}  p99.99 {Us(99.99),8:F1}  max {Us(100),9:F1} us  srv {serverCpu ?? double.NaN,6:F2} cli {clientCpu ?? double.NaN,6:F2} us/call  alloc srv {allocPerCall ?? double.NaN,7:F2} cli {clientAllocPerCall ?? double.NaN,7:F2} B/call  gen0 {gen0PerMillion ?? double.NaN,6:F1}/M  errors {m.Errors}  unanswered {m.Unanswered}"));
        if (m.FirstError is not null)
        {
            Console.WriteLine($"  first error: {m.FirstError}");
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Math.Round(v, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
