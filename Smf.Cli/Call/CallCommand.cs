using System.Text;
using Smf.Client;
using Smf.Json;

namespace Smf.Cli.Call;

/// <summary>
/// <c>smf call</c>: encodes the JSON as the method's request table, sends it, and prints the reply's status on stderr
/// and its payload as JSON (or hex with <c>--raw</c>) on stdout. The exit code is 0 for 200 and tells every other
/// outcome apart (<see cref="ExitCodes"/>).
/// </summary>
internal static class CallCommand
{
    public const string Usage = $$"""
        usage: smf call --schema <file.fbs> [-I <dir>] <host:port> <Service.Method> [<json> | -d <json>|@file|@-] [options]
          --schema, -s       the schema with the rpc_service (repeat for several files)
          -I, --include      a directory searched for includes (repeatable)
          -d, --data         the request: JSON, @file.json, or @- for standard input (default: standard input when
                             redirected, else {})
          --timeout          the call's deadline, connecting included (default 10s)
          --compression      compress the request: zstd or lz4 (default none)
          --raw              print the reply payload as hex instead of JSON
          --defaults         also print fields absent from the reply, with their schema defaults
        {{ClientSettings.TlsUsage}}
        exit codes: 0 status 200; 2 bad input (nothing sent); 3 connection failed; 4 timed out; 5 reply not valid;
          40 + (status - 400) for 4xx, 70 + (status - 500) for 5xx, 99 for any other status
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var spellings = SmfCommand.SchemaSpellings();
        spellings["-d"] = "data";
        spellings["--data"] = "data";
        spellings["--raw"] = "raw";
        spellings["--defaults"] = "defaults";
        var flags = new HashSet<string>(ClientSettings.AddSpellings(spellings)) { "help", "raw", "defaults" };
        var line = CommandLine.Parse(args, spellings, flags);
        if (line.Has("help"))
        {
            console.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (line.Positionals.Count < 2)
        {
            throw new CliUsageException("smf call needs the server address and the method: smf call --schema x.fbs 127.0.0.1:20776 Service.Method '{...}'.");
        }

        var settings = ClientSettings.From(line, TimeSpan.FromSeconds(10));
        var schema = SchemaSource.Load(line, console.Error);
        var method = schema.FindMethod(line.Positionals[1]);
        var endPoint = ServerAddress.Parse(line.Positionals[0]);
        var payload = RequestData.Encode(line, line.Positionals.Skip(2).ToList(), method.Request, console);

        await using var client = settings.CreateClient(endPoint, maxCallsInFlight: 1);
        RpcResponse reply;
        try
        {
            reply = await client.CallAsync(method.SmfRequestId, payload, settings.CallOptions(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcConnectionException e)
        {
            console.Error.WriteLine($"error: {ConnectionFailure.Describe(e)}");
            return ExitCodes.ConnectionFailed;
        }
        catch (TimeoutException)
        {
            console.Error.WriteLine($"error: no reply from {line.Positionals[0]} within {settings.Timeout.TotalSeconds:0.###} s (--timeout).");
            return ExitCodes.TimedOut;
        }

        using (reply)
        {
            var status = reply.Status;
            var exit = ExitCodes.ForStatus(status);
            console.Error.WriteLine($"status {(uint)status} {StatusName(status)}");
            var bytes = reply.Payload.Span;
            if (line.Has("raw"))
            {
                console.Out.WriteLine(Convert.ToHexStringLower(bytes));
                return exit;
            }

            try
            {
                console.Out.WriteLine(FlatBufferJson.Decode(method.Response, bytes, new FlatBufferJsonOptions { IncludeDefaults = line.Has("defaults") }));
            }
            catch (InvalidDataException e)
            {
                console.Error.WriteLine($"error: the reply payload ({bytes.Length} bytes) is not a valid {method.Response.FullName}: {e.Message} (--raw prints its bytes)");
                return exit == ExitCodes.Ok ? ExitCodes.InvalidReply : exit;
            }

            return exit;
        }
    }

    /// <summary>The name of a known status (<c>NotFound</c>), or an empty string.</summary>
    public static string StatusName(RpcStatus status) => Enum.IsDefined(status) ? status.ToString() : string.Empty;
}
