namespace Smf.Cli;

/// <summary>The text of a connection failure: its message, and its cause's when the message does not already say it.</summary>
internal static class ConnectionFailure
{
    public static string Describe(Exception failure) =>
        failure.InnerException is { } inner && !failure.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{failure.Message} ({inner.Message})"
            : failure.Message;
}
