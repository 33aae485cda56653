using Microsoft.Extensions.Logging;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>One log entry a <see cref="LogCollector"/> kept.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
