using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>A logger provider that keeps every entry, for tests that count log lines.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    public string Dump() => string.Join(Environment.NewLine, Entries.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}"));

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
