using Smf.Client;
using Smf.Health;

namespace Smf.Cli.Health;

/// <summary>
/// <c>smf health</c>, smf's grpc_health_probe: calls <c>Smf.Health.HealthService.Check</c> (Smf.Runtime/Health/health.fbs),
/// prints the serving status (<c>SERVING</c>, <c>NOT_SERVING</c>, <c>UNKNOWN</c>, <c>SERVICE_UNKNOWN</c>) and exits 0
/// only when it is <c>SERVING</c>, so it can be a readiness or liveness probe.
/// </summary>
internal static class HealthCommand
{
    public const string Usage = $"""
        usage: smf health <host:port> [--service <name>] [--timeout 5s] [TLS options]
          --service          the service to ask about, e.g. MemoryNode (default: the server as a whole)
          --timeout          the check's deadline, connecting included (default 5s)
        {ClientSettings.TlsUsage}
        prints SERVING, NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN
        exit codes: 0 SERVING; 7 any other serving status; 2 bad input; 3 connection failed (also a server without
          the health service, which closes the connection); 4 timed out; 5 reply not valid;
          40 + (status - 400) for 4xx, 70 + (status - 500) for 5xx, 99 for any other status
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--service"] = "service",
            ["--help"] = "help",
            ["-h"] = "help",
        };
        var flags = new HashSet<string>(ClientSettings.AddSpellings(spellings, compression: false)) { "help" };
        var line = CommandLine.Parse(args, spellings, flags);
        if (line.Has("help"))
        {
            console.Out.WriteLine(Usage);
            return ExitCodes.Ok;
        }

        if (line.Positionals.Count != 1)
        {
            throw new CliUsageException(line.Positionals.Count == 0
                ? "smf health needs the server address: smf health 127.0.0.1:20776 [--service MemoryNode]."
                : $"Unexpected argument '{line.Positionals[1]}'; smf health takes one server address.");
        }

        var settings = ClientSettings.From(line, TimeSpan.FromSeconds(5));
        var endPoint = ServerAddress.Parse(line.Positionals[0]);
        var request = new HealthCheckRequestT { Service = line.Single("service") };

        await using var client = settings.CreateClient(endPoint, maxCallsInFlight: 1);
        var health = new HealthServiceClient(client);
        RpcResponse<HealthCheckResponse> reply;
        var connected = false;
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            connected = true;
            reply = await health.CheckWithStatusAsync(request, settings.CallOptions(cancellationToken)).ConfigureAwait(false);
        }
        catch (RpcConnectionException e)
        {
            // Connected, then closed before the reply: what an smf server does with a request id it does not serve.
            console.Error.WriteLine($"error: {ConnectionFailure.Describe(e)}"
                + (connected ? " A server without the smf health service closes the connection." : string.Empty));
            return ExitCodes.ConnectionFailed;
        }
        catch (TimeoutException)
        {
            console.Error.WriteLine($"error: no health reply from {line.Positionals[0]} within {settings.Timeout.TotalSeconds:0.###} s (--timeout).");
            return ExitCodes.TimedOut;
        }

        using (reply)
        {
            // A hosted server answers an unknown service name with status 404 and SERVICE_UNKNOWN; any other status
            // than 200 and 404 is not an answer of the health service.
            if (reply.Status is not (RpcStatus.Ok or RpcStatus.NotFound))
            {
                console.Error.WriteLine($"error: the health check was answered status {(uint)reply.Status} {Call.CallCommand.StatusName(reply.Status)}".TrimEnd() + ".");
                return ExitCodes.ForStatus(reply.Status);
            }

            ServingStatus status;
            try
            {
                status = reply.Message.Status;
            }
            catch (InvalidDataException e)
            {
                console.Error.WriteLine($"error: the health reply is not a valid Smf.Health.HealthCheckResponse: {e.Message}");
                return ExitCodes.InvalidReply;
            }

            console.Out.WriteLine(StatusText(status));
            return status == ServingStatus.Serving && reply.Status == RpcStatus.Ok ? ExitCodes.Ok : ExitCodes.NotServing;
        }
    }

    /// <summary>The grpc.health.v1 spelling of a status (<c>NOT_SERVING</c>); a value the schema does not name as its number.</summary>
    public static string StatusText(ServingStatus status) => status switch
    {
        ServingStatus.Unknown => "UNKNOWN",
        ServingStatus.Serving => "SERVING",
        ServingStatus.NotServing => "NOT_SERVING",
        ServingStatus.ServiceUnknown => "SERVICE_UNKNOWN",
        _ => ((byte)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
