using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace Smf.Cli.Bench;

/// <summary>The outputs of <c>smf bench</c>: the text summary, the <c>--json</c> summary and the <c>--hgrm</c> file.</summary>
internal static class BenchReport
{
    private static readonly (string Name, double Percentile)[] Percentiles = [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("max", 100)];

    public static void WriteText(TextWriter output, BenchSetup setup, BenchResult result)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"Summary: {setup.Method} on {setup.Address}, {setup.Shape}"));
        output.WriteLine(string.Create(c, $"  calls      {result.Calls} ({result.Ok} ok, {result.ErrorCount} errors) in {result.Elapsed.TotalSeconds:F2} s"));
        output.WriteLine(string.Create(c, $"  calls/s    {result.CallsPerSecond:F1}"));
        if (result.Latency.TotalCount > 0)
        {
            output.WriteLine("  latency    " + string.Join("  ", Percentiles.Select(p => string.Create(c, $"{p.Name} {result.Microseconds(p.Percentile):F1} us"))));
        }

        foreach (var (kind, count) in result.Errors)
        {
            var label = uint.TryParse(kind, NumberStyles.None, c, out var status) ? $"status {status} {Call.CallCommand.StatusName((Smf.RpcStatus)status)}".TrimEnd() : kind;
            output.WriteLine(string.Create(c, $"  errors     {label}: {count}"));
        }

        if (result.FirstError is { } first)
        {
            output.WriteLine($"  first error {first}");
        }

        if (result.NotSent > 0)
        {
            output.WriteLine(string.Create(c, $"  not sent   {result.NotSent} calls the schedule had due when the run reached its time limit"));
        }
    }

    public static void WriteJson(TextWriter output, BenchSetup setup, BenchResult result, string? hgrmPath)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("method", setup.Method);
            json.WriteString("address", setup.Address);
            json.WriteNumber("connections", setup.Options.Connections);
            json.WriteNumber("depth", setup.Options.Depth);
            if (setup.Options.Rate is { } rate)
            {
                json.WriteNumber("rate", rate);
            }
            else
            {
                json.WriteNull("rate");
            }

            json.WriteNumber("warmupSeconds", setup.Options.Warmup.TotalSeconds);
            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 6));
            json.WriteNumber("calls", result.Calls);
            json.WriteNumber("ok", result.Ok);
            json.WriteNumber("callsPerSecond", Math.Round(result.CallsPerSecond, 1));
            json.WriteStartObject("errors");
            foreach (var (kind, count) in result.Errors)
            {
                json.WriteNumber(kind, count);
            }

            json.WriteEndObject();
            json.WriteNumber("notSent", result.NotSent);
            json.WriteStartObject("latencyUs");
            foreach (var (name, percentile) in Percentiles)
            {
                var value = result.Microseconds(percentile);
                if (double.IsFinite(value))
                {
                    json.WriteNumber(name, Math.Round(value, 3));
                }
                else
                {
                    json.WriteNull(name);
                }
            }

            json.WriteEndObject();
            json.WriteNumber("samples", result.Latency.TotalCount);
            if (hgrmPath is null)
            {
                json.WriteNull("hgrm");
            }
            else
            {
                json.WriteString("hgrm", hgrmPath);
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes HdrHistogram's percentile distribution text (smf's <c>clients_latency.hgrm</c>), values in microseconds.</summary>
    public static void WriteHgrm(string path, BenchResult result)
    {
        using var writer = new StreamWriter(path);
        result.Latency.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: 1000.0);
    }
}
