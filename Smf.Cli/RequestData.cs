using Smf.Compiler.Schema;
using Smf.Json;

namespace Smf.Cli;

/// <summary>
/// The request of <c>smf call</c> and <c>smf bench</c>: the JSON given after the method, with <c>-d JSON</c>,
/// <c>-d @file.json</c> or <c>-d @-</c> (standard input); without any, standard input when it is redirected, else
/// <c>{}</c> (an empty table). Encoded once, before anything is sent.
/// </summary>
internal static class RequestData
{
    /// <exception cref="CliUsageException">Two sources given, an unreadable file, or JSON that does not match the request table.</exception>
    public static byte[] Encode(CommandLine line, IReadOnlyList<string> positionals, TableDefinition request, CliConsole console)
    {
        var data = line.Single("data");
        if (data is not null && positionals.Count > 0)
        {
            throw new CliUsageException("Give the request either after the method or with -d, not both.");
        }

        if (positionals.Count > 1)
        {
            throw new CliUsageException($"Unexpected argument '{positionals[1]}'; the request is one JSON argument (quote it).");
        }

        var json = (data ?? (positionals.Count == 1 ? positionals[0] : null)) switch
        {
            "@-" or "-" => console.In.ReadToEnd(),
            ['@', .. var path] => ReadFile(path),
            { } text => text,
            null => console.InputRedirected ? console.In.ReadToEnd() : "{}",
        };

        try
        {
            return FlatBufferJson.Encode(request, string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (FlatBufferJsonException e)
        {
            throw new CliUsageException($"The request does not match {request.FullName}: {e.Message} Nothing was sent.");
        }
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot read the request file '{path}': {e.Message}");
        }
    }
}
