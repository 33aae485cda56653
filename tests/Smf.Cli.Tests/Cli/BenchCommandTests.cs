using System.Globalization;
using System.Text.Json;
using Smf.Cli.Tests.Infrastructure;

namespace Smf.Cli.Tests.Cli;

/// <summary><c>smf bench</c> against the kvstore server: counts, errors by status, the .hgrm file, open loop, progress.</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    public async Task Bench_CallCount_MeasuresExactlyThatManyAndWritesHgrm()
    {
        await using var server = await KvStoreServer.StartAsync();
        var directory = Oracle.Scratch("bench-hgrm");
        var hgrm = Path.Combine(directory, "latency.hgrm");

        var result = await SmfRun.ProcessAsync(null, "bench", "--schema", SmfRun.SchemaPath, server.Address, "MemoryNode.Put",
            "-d", """{"key": "k", "value": "v"}""", "-c", "2", "--depth", "4", "-n", "3000", "--warmup", "200ms", "--hgrm", hgrm, "--json");

        Assert.AreEqual(0, result.ExitCode, result.Error);
        Assert.AreEqual(string.Empty, result.Error, "no progress line when stderr is redirected");
        using var summary = JsonDocument.Parse(result.Out);
        var root = summary.RootElement;
        Assert.AreEqual(3000, root.GetProperty("calls").GetInt64());
        Assert.AreEqual(3000, root.GetProperty("ok").GetInt64());
        Assert.AreEqual(0, root.GetProperty("errors").EnumerateObject().Count());
        Assert.AreEqual(3000, root.GetProperty("samples").GetInt64());
        // Calls made during the warm-up reach the server but are not counted; a slow start may leave none.
        Assert.IsGreaterThanOrEqualTo(3000, server.Requests, "the server saw fewer calls than were measured");
        var latency = root.GetProperty("latencyUs");
        Assert.IsLessThanOrEqualTo(latency.GetProperty("p90").GetDouble(), latency.GetProperty("p50").GetDouble());
        Assert.IsLessThanOrEqualTo(latency.GetProperty("max").GetDouble(), latency.GetProperty("p99.9").GetDouble());

        var (total, max, rows) = ParseHgrm(File.ReadAllLines(hgrm));
        Assert.AreEqual(3000, total);
        Assert.AreEqual(latency.GetProperty("max").GetDouble(), max, max * 0.01);
        Assert.IsGreaterThan(5, rows.Count);
        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    public async Task Bench_StatusErrors_CountedByStatusAndExitSix()
    {
        await using var server = await KvStoreServer.StartAsync();

        var result = await SmfRun.InProcessAsync(false, "bench", "--schema", SmfRun.SchemaPath, server.Address, "MemoryNode.Get", "-d", """{"key": "absent"}""", "-n", "500", "--depth", "8");

        Assert.AreEqual(6, result.ExitCode, result.Error);
        StringAssert.Contains(result.Out, "calls      500 (0 ok, 500 errors)");
        StringAssert.Contains(result.Out, "errors     status 404 NotFound: 500");
    }

    [TestMethod]
    public async Task Bench_OpenLoopOnTerminal_SendsAtTheRateAndDrawsProgress()
    {
        await using var server = await KvStoreServer.StartAsync();

        var result = await SmfRun.InProcessAsync(true, "bench", "--schema", SmfRun.SchemaPath, server.Address, "MemoryNode.Put", "-d", """{"key": "k", "value": "v"}""",
            "-c", "2", "--rate", "2000", "--duration", "1.5s", "--json");

        Assert.AreEqual(0, result.ExitCode, result.Error);
        using var summary = JsonDocument.Parse(result.Out);
        var calls = summary.RootElement.GetProperty("calls").GetInt64();
        Assert.IsInRange(2700, 3000, calls);
        StringAssert.Contains(result.Error, "\r");
        StringAssert.Contains(result.Error, "calls/s");
    }

    [TestMethod]
    public async Task Bench_BadOptions_ExitTwo()
    {
        var both = await SmfRun.InProcessAsync(false, "bench", "--schema", SmfRun.SchemaPath, "127.0.0.1:1", "MemoryNode.Put", "-n", "5", "--duration", "1s");
        var badDuration = await SmfRun.InProcessAsync(false, "bench", "--schema", SmfRun.SchemaPath, "127.0.0.1:1", "MemoryNode.Put", "--duration", "soon");

        Assert.AreEqual(2, both.ExitCode);
        StringAssert.Contains(both.Error, "either --duration or -n/--calls");
        Assert.AreEqual(2, badDuration.ExitCode);
        StringAssert.Contains(badDuration.Error, "is not a duration");
    }

    /// <summary>Reads HdrHistogram's percentile text: a header, rows of Value/Percentile/TotalCount/1/(1-Percentile), and the footer.</summary>
    private static (long Total, double Max, List<(double Value, double Percentile, long Count)> Rows) ParseHgrm(string[] lines)
    {
        var header = Array.FindIndex(lines, l => l.Trim().StartsWith("Value", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, header, string.Join("\n", lines));
        StringAssert.Contains(lines[header], "Percentile");
        var rows = new List<(double, double, long)>();
        double max = double.NaN;
        long total = -1;
        foreach (var line in lines.Skip(header + 1).Where(l => l.Trim().Length > 0))
        {
            if (line.StartsWith("#[Max", StringComparison.Ordinal))
            {
                var parts = line.Trim('#', '[', ']').Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
                max = double.Parse(parts["Max"], CultureInfo.InvariantCulture);
                total = long.Parse(parts["Total count"], CultureInfo.InvariantCulture);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            rows.Add((double.Parse(cells[0], CultureInfo.InvariantCulture), double.Parse(cells[1], CultureInfo.InvariantCulture), long.Parse(cells[2], CultureInfo.InvariantCulture)));
        }

        for (var i = 1; i < rows.Count; i++)
        {
            Assert.IsTrue(rows[i].Item1 >= rows[i - 1].Item1 && rows[i].Item2 >= rows[i - 1].Item2 && rows[i].Item3 >= rows[i - 1].Item3, $"row {i} decreases");
        }

        Assert.AreEqual(total, rows[^1].Item3);
        return (total, max, rows);
    }
}
