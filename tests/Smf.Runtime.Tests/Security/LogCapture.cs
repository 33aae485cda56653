using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Smf.Runtime.Tests.Security;

/// <summary>An <see cref="ILoggerFactory"/> that keeps every line (event id, text, exception) for assertions.</summary>
internal sealed class LogCapture : ILoggerFactory
{
    public ConcurrentQueue<(EventId Id, string Text, Exception? Exception)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(Lines);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("LogCapture keeps the lines itself.");

    /// <summary>The text of the lines with event id <paramref name="id"/>.</summary>
    public string[] Texts(int id) => [.. Lines.Where(l => l.Id.Id == id).Select(l => l.Text)];

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(EventId, string, Exception?)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((eventId, formatter(state, exception), exception));
    }
}
