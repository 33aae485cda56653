using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Smf.Server;
using Smf.Server.Internal;

namespace Smf.Runtime.Tests.Server;

[TestClass]
public sealed class ObservabilityTests
{
    [TestMethod]
    public async Task Logging_ServerLifecycleAndBadFrame_EveryLineCarriesShardId()
    {
        var provider = new CapturingLoggerFactory();
        using var factory = provider;
        await using (var harness = await ServerHarness.StartAsync(RpcTransport.Epoll, o => o.LoggerFactory = factory))
        {
            using var good = await RawClient.ConnectAsync(harness.EndPoint);
            await good.CallAsync(1, TestService.Id("Throw"), [1]);
            using var bad = await RawClient.ConnectAsync(harness.EndPoint);
            await bad.SendFrameAsync(1, 0xBAD, [1]);
            await bad.IsClosedByServerAsync();
        }

        var lines = provider.Lines.ToArray();
        Assert.IsTrue(lines.Any(l => l.EventId.Id == 1), "ShardStarted was not logged.");
        Assert.IsTrue(lines.Any(l => l.EventId.Id == 6 && l.Message.Contains("2989")), "UnknownRequestId was not logged.");
        Assert.IsTrue(lines.Any(l => l.EventId.Id == 7 && l.Exception is InvalidOperationException), "HandlerFailed was not logged with its exception.");
        Assert.IsTrue(lines.Any(l => l.EventId.Id == 2), "ShardStopped was not logged.");
        foreach (var line in lines)
        {
            StringAssert.Matches(line.Message, new System.Text.RegularExpressions.Regex(@"^\[shard \d+\] "), $"Event {line.EventId} has no shard id.");
        }
    }

    [TestMethod]
    public async Task Metrics_Requests_CountersAndLatencyHistogramPublished()
    {
        var measurements = new ConcurrentDictionary<string, double>();
        var histogramCount = 0;
        using var listener = new MeterListener();
        RpcServer? current = null;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (current is not null && instrument.Meter == current.Metrics.Meter)
            {
                measurements[instrument.Name] = value;
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (current is not null && instrument.Meter == current.Metrics.Meter && value >= 0)
            {
                Interlocked.Increment(ref histogramCount);
            }
        });
        listener.Start();

        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);
        current = harness.Server;
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        for (ushort i = 1; i <= 5; i++)
        {
            await client.CallAsync(i, TestService.Id("Echo"), [1, 2, 3]);
        }

        listener.RecordObservableInstruments();

        Assert.AreEqual(5, measurements["smf.server.requests"]);
        Assert.AreEqual(5 * (16 + 3), measurements["smf.server.bytes_received"]);
        Assert.AreEqual(5 * (16 + 3), measurements["smf.server.bytes_sent"]);
        Assert.AreEqual(1, measurements["smf.server.active_connections"]);
        Assert.AreEqual(0, measurements["smf.server.bad_requests"]);
        Assert.AreEqual(0, measurements["smf.server.no_route"]);
        Assert.AreEqual(1, measurements["smf.server.connections_accepted"]);
        Assert.AreEqual(0, measurements["smf.server.inflight_requests"]);
        Assert.AreEqual(0, measurements["smf.server.inflight_bytes"]);
        Assert.AreEqual(5, Volatile.Read(ref histogramCount));
    }

    private sealed record LogLine(EventId EventId, string Message, Exception? Exception);

    private sealed class CapturingLoggerFactory : ILoggerFactory
    {
        public ConcurrentQueue<LogLine> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Lines);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The test factory captures lines itself.");

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<LogLine> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(new LogLine(eventId, formatter(state, exception), exception));
        }
    }
}
