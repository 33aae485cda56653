using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.Samples;

/// <summary>
/// The <c>smf</c> tool (Smf.Cli, built from this checkout) against the kvstore sample's server process, built from the
/// packed SDK: <c>smf call</c> puts and gets, <c>smf bench</c> counts calls and errors by status and writes a .hgrm,
/// <c>smf health</c> reports the hosted server serving.
/// </summary>
[TestClass]
public sealed class KvStoreSampleCliTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Smf_AgainstSampleServer_CallBenchAndHealthSeeTheStore()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The sample test stops the server with SIGINT through /usr/bin/env, which needs Linux.");
        }

        // Arrange: the sample's server from the packed SDK, and the smf tool of this checkout.
        using var sample = new SdkWorkspace("kvstore-cli");
        KvStoreSample.CopyAndBuild(sample);
        var tool = BuildTool();
        using var server = new ServerProcess(sample.PathOf(KvStoreSample.ServerDll), shards: 2);
        var address = $"127.0.0.1:{await server.WaitForPortAsync(TimeSpan.FromSeconds(60))}";
        var schema = sample.PathOf("kvstore.fbs");
        var hgrm = sample.PathOf("put.hgrm");

        // Act
        var put = await RunAsync(tool, "call", "--schema", schema, address, "MemoryNode.Put", """{"key": "answer", "value": "42"}""");
        var get = await RunAsync(tool, "call", "--schema", schema, address, "MemoryNode.Get", """{"key": "answer"}""");
        var missing = await RunAsync(tool, "call", "--schema", schema, address, "MemoryNode.Get", """{"key": "question"}""");
        var bench = await RunAsync(tool, "bench", "--schema", schema, address, "MemoryNode.Put", "-d", """{"key": "bench", "value": "b"}""",
            "-c", "2", "--depth", "4", "-n", "2000", "--hgrm", hgrm, "--json");
        var benchMissing = await RunAsync(tool, "bench", "--schema", schema, address, "MemoryNode.Get", "-d", """{"key": "question"}""", "-n", "300", "--json");
        var health = await RunAsync(tool, "health", address, "--service", "MemoryNode");
        var unknown = await RunAsync(tool, "health", address, "--service", "Nope");
        Assert.AreEqual(0, await server.InterruptAsync(TimeSpan.FromSeconds(60)), server.Output);

        // Assert: call
        Assert.AreEqual(0, put.ExitCode, put.Error);
        Assert.AreEqual("status 200 Ok", put.Error.Trim());
        Assert.AreEqual("{}", put.Out.Trim());
        Assert.AreEqual(0, get.ExitCode, get.Error);
        using (var reply = JsonDocument.Parse(get.Out))
        {
            Assert.IsTrue(reply.RootElement.GetProperty("found").GetBoolean(), get.Out);
            Assert.AreEqual("42", reply.RootElement.GetProperty("value").GetString());
        }

        Assert.AreEqual(44, missing.ExitCode, missing.Error);
        Assert.AreEqual("status 404 NotFound", missing.Error.Trim());

        // Assert: bench, exact counts and errors by status
        Assert.AreEqual(0, bench.ExitCode, bench.Error);
        using (var summary = JsonDocument.Parse(bench.Out))
        {
            Assert.AreEqual(2000, summary.RootElement.GetProperty("calls").GetInt64());
            Assert.AreEqual(2000, summary.RootElement.GetProperty("ok").GetInt64());
            Assert.AreEqual(0, summary.RootElement.GetProperty("errors").EnumerateObject().Count());
        }

        Assert.AreEqual(6, benchMissing.ExitCode, benchMissing.Error);
        using (var summary = JsonDocument.Parse(benchMissing.Out))
        {
            Assert.AreEqual(0, summary.RootElement.GetProperty("ok").GetInt64());
            Assert.AreEqual(300, summary.RootElement.GetProperty("errors").GetProperty("404").GetInt64());
        }

        AssertHgrm(File.ReadAllLines(hgrm), expectedCount: 2000);

        // Assert: health
        Assert.AreEqual(0, health.ExitCode, health.Error);
        Assert.AreEqual("SERVING", health.Out.Trim());
        Assert.AreEqual(7, unknown.ExitCode, unknown.Error);
        Assert.AreEqual("SERVICE_UNKNOWN", unknown.Out.Trim());
    }

    /// <summary>HdrHistogram's percentile text: a header, rows of Value/Percentile/TotalCount(/1/(1-Percentile)) that never decrease, and a footer whose total is the last row's.</summary>
    private static void AssertHgrm(string[] lines, long expectedCount)
    {
        var text = string.Join('\n', lines);
        var header = Array.FindIndex(lines, l => l.Trim().StartsWith("Value", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(0, header, text);
        StringAssert.Contains(lines[header], "Percentile");
        var rows = new List<(double Value, double Percentile, long Count)>();
        long footerTotal = -1;
        foreach (var line in lines.Skip(header + 1).Where(l => l.Trim().Length > 0))
        {
            if (line.StartsWith("#[Max", StringComparison.Ordinal))
            {
                var parts = line.Trim('#', '[', ']').Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
                footerTotal = long.Parse(parts["Total count"], CultureInfo.InvariantCulture);
            }
            else if (!line.StartsWith('#'))
            {
                var cells = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // The last row, percentile 1, has no 1/(1-Percentile) column.
                Assert.IsTrue(cells.Length is 3 or 4, line);
                rows.Add((double.Parse(cells[0], CultureInfo.InvariantCulture), double.Parse(cells[1], CultureInfo.InvariantCulture), long.Parse(cells[2], CultureInfo.InvariantCulture)));
            }
        }

        Assert.IsGreaterThan(5, rows.Count, text);
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.IsTrue(rows[i].Value >= rows[i - 1].Value && rows[i].Percentile >= rows[i - 1].Percentile && rows[i].Count >= rows[i - 1].Count, $"row {i} decreases:\n{text}");
        }

        Assert.AreEqual(expectedCount, footerTotal, text);
        Assert.AreEqual(expectedCount, rows[^1].Count, text);
    }

    /// <summary>Builds Smf.Cli of this checkout (incrementally) and returns its smf.dll.</summary>
    private static string BuildTool()
    {
        var build = DotNet.Run(RepoPaths.Root, "build", Path.Combine(RepoPaths.Root, "Smf.Cli", "Smf.Cli.csproj"), "-nr:false", "-v", "q", "-nologo");
        Assert.IsTrue(build.Succeeded, build.Output);
        var tool = Path.Combine(RepoPaths.Root, "Smf.Cli", "bin", "Debug", "net10.0", "smf.dll");
        Assert.IsTrue(File.Exists(tool), $"The build of Smf.Cli did not write {tool}.");
        return tool;
    }

    private sealed record ToolResult(int ExitCode, string Out, string Error);

    /// <summary>Runs <c>dotnet smf.dll args</c>, standard output and standard error apart, within 60 s.</summary>
    private static async Task<ToolResult> RunAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"smf {string.Join(' ', args)} did not finish within 60 s.");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
