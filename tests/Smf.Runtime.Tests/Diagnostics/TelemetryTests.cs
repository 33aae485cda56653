using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Smf.Client;
using Smf.Diagnostics;
using Smf.Runtime.Tests.Server;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Diagnostics;

/// <summary>Metrics, spans, trace context and metadata on the wire, and latency histograms, between real servers and clients on loopback.</summary>
[TestClass]
[DoNotParallelize]
public sealed class TelemetryTests
{
    [TestMethod]
    public async Task Call_ThroughASecondServer_OneTraceWithParentAndChildSpans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is SmfTelemetry.ServerActivitySourceName or SmfTelemetry.ClientActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var front = await StartAsync(shards);
        await using var back = await StartAsync(shards);
        await using var downstream = new RpcClient(new RpcClientOptions { EndPoint = back.LocalEndPoint, SendPayloadHeaders = true });
        MetadataService.Downstream = downstream;
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = front.LocalEndPoint, SendPayloadHeaders = true });

        using var root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (var reply = await client.CallAsync(MetadataService.Id("Relay"), new byte[] { 1 }))
        {
            StringAssert.Contains(Encoding.UTF8.GetString(reply.Payload.Span), "traceparent=00-" + root.TraceId);
        }

        root.Stop();
        var all = await WaitForSpansAsync(spans, 4);
        var outerClient = all.Single(s => s.Kind == ActivityKind.Client && s.ParentSpanId == root.SpanId);
        var frontServer = all.Single(s => s.Kind == ActivityKind.Server && s.ParentSpanId == outerClient.SpanId);
        var innerClient = all.Single(s => s.Kind == ActivityKind.Client && s.ParentSpanId == frontServer.SpanId);
        var backServer = all.Single(s => s.Kind == ActivityKind.Server && s.ParentSpanId == innerClient.SpanId);
        Assert.IsTrue(all.All(s => s.TraceId == root.TraceId), "Every span must be in the caller's trace.");
        Assert.AreEqual("MetadataService/Relay", frontServer.DisplayName);
        Assert.AreEqual("MetadataService/Metadata", backServer.DisplayName);
        Assert.AreEqual("smf", frontServer.GetTagItem("rpc.system"));
        Assert.AreEqual("Relay", frontServer.GetTagItem("rpc.method"));
        Assert.AreEqual("MetadataService", innerClient.GetTagItem("rpc.service"));
        Assert.AreEqual("200", backServer.GetTagItem("rpc.response.status_code"));
        Assert.AreEqual(back.LocalEndPoint.Port, innerClient.GetTagItem("server.port"));
        Assert.IsNull(Activity.Current?.Source.Name is SmfTelemetry.ClientActivitySourceName ? Activity.Current : null, "A client span must not stay current in the caller.");
    }

    [TestMethod]
    public async Task Call_WithMetadata_ServerReadsItSortedAndWithoutFlagTheClientRefuses()
    {
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var server = await StartAsync(shards);
        await using var optedIn = new RpcClient(new RpcClientOptions { EndPoint = server.LocalEndPoint, SendPayloadHeaders = true });
        await using var plain = new RpcClient(new RpcClientOptions { EndPoint = server.LocalEndPoint });
        var metadata = new RpcMetadata { { "x-user", "ada" }, { "authorization", "Bearer t" } };

        using var withMetadata = await optedIn.CallAsync(MetadataService.Id("Metadata"), new byte[] { 1 }, new RpcCallOptions { Metadata = metadata });
        using var withoutMetadata = await plain.CallAsync(MetadataService.Id("Metadata"), new byte[] { 1 });
        var refused = await Assert.ThrowsExactlyAsync<InvalidOperationException>(async () =>
            await plain.CallAsync(MetadataService.Id("Metadata"), new byte[] { 1 }, new RpcCallOptions { Metadata = metadata }));

        Assert.AreEqual("authorization=Bearer t\nx-user=ada", Encoding.UTF8.GetString(withMetadata.Payload.Span));
        CollectionAssert.AreEqual(new byte[] { 0 }, withoutMetadata.Payload.ToArray(), "A request without payload headers has empty metadata.");
        StringAssert.Contains(refused.Message, "SendPayloadHeaders");
    }

    [TestMethod]
    public async Task Metrics_ServerAndClient_FollowTheRpcConventions()
    {
        var measurements = new ConcurrentQueue<(string Meter, string Name, string? Unit, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name is SmfTelemetry.ServerMeterName or SmfTelemetry.ClientMeterName && instrument.Name.StartsWith("rpc.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
            where T : struct =>
            measurements.Enqueue((instrument.Meter.Name, instrument.Name, instrument.Unit, Convert.ToDouble(value), new Dictionary<string, object?>(tags.ToArray())));
        listener.SetMeasurementEventCallback<double>(OnMeasurement);
        listener.SetMeasurementEventCallback<long>(OnMeasurement);
        listener.Start();
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var server = await StartAsync(shards);
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.LocalEndPoint });

        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.CallAsync(MetadataService.Id("Metadata"), new byte[] { 1, 2 });
        }

        using var missing = await client.CallAsync(MetadataService.Id("Missing"), new byte[] { 1 });
        listener.Dispose();

        var serverDurations = measurements.Where(m => m.Name == "rpc.server.call.duration" && (string?)m.Tags["rpc.method"] == "Metadata").ToArray();
        Assert.AreEqual(3, serverDurations.Length);
        Assert.IsTrue(serverDurations.All(m => m.Unit == "s" && m.Value > 0 && m.Value < 10));
        var tags = serverDurations[0].Tags;
        Assert.AreEqual("smf", tags["rpc.system"]);
        Assert.AreEqual("MetadataService", tags["rpc.service"]);
        Assert.AreEqual("200", tags["rpc.response.status_code"]);
        Assert.AreEqual(3, measurements.Count(m => m.Name == "rpc.client.call.duration" && (string?)m.Tags["rpc.method"] == "Metadata" && (string?)m.Tags["rpc.response.status_code"] == "200"),
            "The client tags calls with the names the server registered.");
        Assert.AreEqual(1, measurements.Count(m => m.Name == "rpc.client.call.duration" && (string?)m.Tags["rpc.response.status_code"] == "404"));
        Assert.AreEqual(3, measurements.Count(m => m.Name == "rpc.server.request.size" && m.Unit == "By" && m.Value == 2));
        Assert.AreEqual(1, measurements.Count(m => m.Name == "rpc.server.response.size" && (string?)m.Tags["rpc.method"] == "Missing" && m.Value == 12), "An empty reply is sent as a 12-byte table.");
        Assert.AreEqual(4, measurements.Count(m => m.Name == "rpc.client.response.size"));
    }

    [TestMethod]
    public async Task LatencyHistograms_WrittenAsHgrm_HoldTheCallsRecorded()
    {
        var directory = Path.Combine(Path.GetTempPath(), "smf-hgrm-" + Guid.NewGuid().ToString("N"));
        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var server = await StartAsync(shards, recordLatency: true);
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.LocalEndPoint, RecordLatencyHistograms = true });
        try
        {
            for (var i = 0; i < 5; i++)
            {
                using var reply = await client.CallAsync(MetadataService.Id("Metadata"), new byte[] { 1 });
            }

            using var missing = await client.CallAsync(MetadataService.Id("Missing"), new byte[] { 1 });
            var files = server.WriteLatencyHistograms(directory);
            var clientFile = new StringWriter();
            client.WriteLatencyHistogram(clientFile);

            CollectionAssert.AreEqual(
                new[] { "server_latency.hgrm", "server_latency.MetadataService.Metadata.hgrm", "server_latency.MetadataService.Missing.hgrm" },
                files.Select(Path.GetFileName).ToArray());
            Assert.AreEqual(6, TotalCount(File.ReadAllText(files[0])));
            Assert.AreEqual(5, TotalCount(File.ReadAllText(files[1])));
            Assert.AreEqual(1, TotalCount(File.ReadAllText(files[2])));
            Assert.AreEqual(6, TotalCount(clientFile.ToString()));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Parses an .hgrm: its rows (value, percentile, count, 1/(1-p)) must be well-formed and its footer gives the count.</summary>
    private static long TotalCount(string hgrm)
    {
        var lines = hgrm.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        StringAssert.StartsWith(lines[0], "Value");
        var rows = lines.Skip(1).TakeWhile(l => !l.StartsWith('#')).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.IsTrue(rows.Length > 0 && rows.All(r => r.Length >= 3 && double.TryParse(r[0], System.Globalization.CultureInfo.InvariantCulture, out _)), "Malformed .hgrm rows.");
        var footer = lines.Single(l => l.Contains("Total count", StringComparison.Ordinal));
        var count = long.Parse(footer.Split('=')[^1].Trim(' ', ']'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(count, long.Parse(rows[^1][2], System.Globalization.CultureInfo.InvariantCulture), "The last row's cumulative count must be the total.");
        return count;
    }

    private static async Task<RpcServer> StartAsync(ShardGroup shards, bool recordLatency = false)
    {
        var server = new RpcServer(shards, new RpcServerOptions { Port = 0, RecordLatencyHistograms = recordLatency });
        server.AddService(_ => new MetadataService());
        await server.StartAsync();
        return server;
    }

    private static async Task<Activity[]> WaitForSpansAsync(ConcurrentQueue<Activity> spans, int count)
    {
        // Server spans end after their reply is queued, so the last one may stop just after the client saw the reply.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (spans.Count < count && !timeout.IsCancellationRequested)
        {
            await Task.Yield();
        }

        return [.. spans];
    }
}
