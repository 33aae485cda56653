using System.Globalization;

namespace Smf.Bench.LoadGenerator.Cli;

/// <summary>The options of the <c>run</c> command, parsed once from the command line.</summary>
internal sealed class RunOptions
{
    /// <summary>
    /// The client: <c>smf</c> (the raw epoll generator, smf frames over raw sockets), <c>grpc</c> (Grpc.Net.Client), or
    /// our client against an smf server: <c>rpc-raw</c> (<c>RpcClient.CallAsync</c>), <c>rpc-status</c> (the generated
    /// <c>PutWithStatusAsync</c>), <c>rpc-typed</c> (the generated <c>PutAsync</c>).
    /// </summary>
    public string Protocol { get; private set; } = "smf";

    /// <summary>The label of the server configuration, written to every result (e.g. ours, grpc, c).</summary>
    public string Server { get; private set; } = "";

    public string Host { get; private set; } = "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>The server's process id, for its CPU time from /proc; 0 = not measured.</summary>
    public int ServerPid { get; private set; }

    /// <summary>The server's stats port (allocated bytes, GC counts); 0 = the server has none.</summary>
    public int StatsPort { get; private set; }

    public IReadOnlyList<Shape> Shapes { get; private set; } = [.. Shape.All.Where(s => !s.NewConnectionPerCall)];

    /// <summary>The reference rate in calls per second that open-loop shapes take a fraction of (our T8 maximum).</summary>
    public double ReferenceRate { get; private set; }

    public TimeSpan FirstWarmup { get; private set; } = TimeSpan.FromMilliseconds(1500);

    public TimeSpan Warmup { get; private set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan Duration { get; private set; } = TimeSpan.FromSeconds(2);

    public int Round { get; private set; }

    /// <summary>Whether server and client are pinned to different cores (recorded, not enforced: the runner pins).</summary>
    public bool Pinned { get; private set; } = true;

    /// <summary>Whether the smf client spins on epoll_wait(timeout 0) instead of sleeping in it.</summary>
    public bool ClientSpin { get; private set; }

    /// <summary>Our client's callers run on the clients' own shard (<c>ShardGroup.SubmitToAsync</c>) instead of the thread pool.</summary>
    public bool ClientOnShard { get; private set; }

    /// <summary>
    /// When positive, the calls are Echo.Echo with a value of this many bytes (the payload-size shapes) instead of
    /// MemoryNode.Put; smf, grpc and rpc-raw.
    /// </summary>
    public int EchoBytes { get; private set; }

    /// <summary>
    /// Connections opened (connect and hold, nothing sent) before the shape's own connections, held through the window
    /// and closed after it; smf only. The server's RSS and allocated bytes before and after them and the time until it
    /// holds them all are recorded.
    /// </summary>
    public int IdleConnections { get; private set; }

    /// <summary>
    /// When above 1, Put requests cycle over keys chosen so that consecutive calls' keys are owned by shards 0, 1, ...
    /// of a server with this many shards, under the kvstore sample's rule (XXH64 of the key modulo the shard count);
    /// smf only.
    /// </summary>
    public int KeyOwners { get; private set; }

    /// <summary>Our client's outgoing filter: <c>none</c>, <c>zstd</c> or <c>lz4</c> (requests of at least 512 bytes compressed).</summary>
    public string ClientFilter { get; private set; } = "none";

    /// <summary>
    /// A PEM file of the certificate authority that signed the server's certificate: our client (rpc-*) and gRPC connect
    /// over TLS and trust it (the certificate must name 127.0.0.1); null = plaintext.
    /// </summary>
    public string? TlsAuthority { get; private set; }

    /// <summary>
    /// More than one server (<c>--endpoints host:port,...</c>, rpc-status only): the shape's callers call them all, as
    /// <see cref="Balance"/> says; empty = the one server of <see cref="Host"/> and <see cref="Port"/>.
    /// </summary>
    public IReadOnlyList<System.Net.IPEndPoint> EndPoints { get; private set; } = [];

    /// <summary>
    /// How callers reach <see cref="EndPoints"/>: <c>direct</c> (one RpcClient per endpoint, callers split evenly over
    /// them), <c>round-robin</c> (one RpcChannel, unkeyed calls) or <c>keyed</c> (one RpcChannel, each call routed by its
    /// request's key).
    /// </summary>
    public string Balance { get; private set; } = "direct";

    /// <summary>Whether to sample this process's allocations by type and print them at the end (a diagnostic: it allocates itself).</summary>
    public bool AllocReport { get; private set; }

    public string? OutputFile { get; private set; }

    public string? HgrmDirectory { get; private set; }

    public string RunId { get; private set; } = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var o = new RunOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"Option '{name}' needs a value.");
            switch (name)
            {
                case "--protocol": o.Protocol = Value(); break;
                case "--server": o.Server = Value(); break;
                case "--host": o.Host = Value(); break;
                case "--port": o.Port = Int(name, Value()); break;
                case "--server-pid": o.ServerPid = Int(name, Value()); break;
                case "--stats-port": o.StatsPort = Int(name, Value()); break;
                case "--shapes": o.Shapes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Shape.Parse).ToArray(); break;
                case "--reference-rate": o.ReferenceRate = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--first-warmup-ms": o.FirstWarmup = TimeSpan.FromMilliseconds(Int(name, Value())); break;
                case "--warmup-ms": o.Warmup = TimeSpan.FromMilliseconds(Int(name, Value())); break;
                case "--duration-ms": o.Duration = TimeSpan.FromMilliseconds(Int(name, Value())); break;
                case "--round": o.Round = Int(name, Value()); break;
                case "--pinned": o.Pinned = bool.Parse(Value()); break;
                case "--client-spin": o.ClientSpin = true; break;
                case "--client-on-shard": o.ClientOnShard = true; break;
                case "--alloc-report": o.AllocReport = true; break;
                case "--echo-bytes": o.EchoBytes = Int(name, Value()); break;
                case "--idle-connections": o.IdleConnections = Int(name, Value()); break;
                case "--key-owners": o.KeyOwners = Int(name, Value()); break;
                case "--client-filter": o.ClientFilter = Value(); break;
                case "--tls-ca": o.TlsAuthority = Value(); break;
                case "--endpoints": o.EndPoints = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e => EndPoint(name, e)).ToArray(); break;
                case "--balance": o.Balance = Value(); break;
                case "--out": o.OutputFile = Value(); break;
                case "--hgrm-dir": o.HgrmDirectory = Value(); break;
                case "--run-id": o.RunId = Value(); break;
                default: throw new ArgumentException($"Unknown option '{name}'. Run 'LoadGenerator help' for the list.");
            }
        }

        if (o.Protocol is not ("smf" or "grpc" or "rpc-raw" or "rpc-status" or "rpc-typed"))
        {
            throw new ArgumentException($"--protocol must be 'smf', 'grpc', 'rpc-raw', 'rpc-status' or 'rpc-typed', not '{o.Protocol}'.");
        }

        if (o.Protocol.StartsWith("rpc-", StringComparison.Ordinal) && o.Shapes.Any(s => s.IsOpenLoop))
        {
            throw new ArgumentException($"--protocol {o.Protocol} (our client) runs closed-loop shapes only (L1, T1, T8, T64).");
        }

        if (o.EchoBytes < 0 || (o.EchoBytes > 0 && o.Protocol is not ("smf" or "grpc" or "rpc-raw")))
        {
            throw new ArgumentException($"--echo-bytes must be positive and needs --protocol smf, grpc or rpc-raw (not {o.EchoBytes} with '{o.Protocol}').");
        }

        if ((o.IdleConnections != 0 || o.KeyOwners != 0) && o.Protocol != "smf")
        {
            throw new ArgumentException($"--idle-connections and --key-owners need --protocol smf, not '{o.Protocol}'.");
        }

        if (o.IdleConnections < 0 || o.KeyOwners < 0 || (o.KeyOwners > 0 && o.EchoBytes > 0))
        {
            throw new ArgumentException($"--idle-connections ({o.IdleConnections}) and --key-owners ({o.KeyOwners}) must not be negative, and --key-owners applies to Put, not Echo.");
        }

        if (o.ClientFilter is not ("none" or "zstd" or "lz4") || (o.ClientFilter != "none" && !o.Protocol.StartsWith("rpc-", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"--client-filter must be 'none', 'zstd' or 'lz4' and needs our client (--protocol rpc-*), not '{o.ClientFilter}' with '{o.Protocol}'.");
        }

        if (o.TlsAuthority is not null && (o.Protocol == "smf" || !File.Exists(o.TlsAuthority)))
        {
            throw new ArgumentException($"--tls-ca needs our client (--protocol rpc-*) or grpc and an existing PEM file, not '{o.TlsAuthority}' with '{o.Protocol}'.");
        }

        if (o.Balance is not ("direct" or "round-robin" or "keyed") || (o.EndPoints.Count > 0 && o.Protocol != "rpc-status"))
        {
            throw new ArgumentException($"--balance must be 'direct', 'round-robin' or 'keyed', and --endpoints needs --protocol rpc-status (not '{o.Balance}' with '{o.Protocol}').");
        }

        if (o.Shapes.Any(s => s.NewConnectionPerCall) && o.Protocol is "smf")
        {
            throw new ArgumentException("The connection shape (CONN) needs our client (--protocol rpc-*) or grpc.");
        }

        if (o.EndPoints.Count > 0)
        {
            o.Host = o.EndPoints[0].Address.ToString();
            o.Port = o.EndPoints[0].Port;
        }

        if (o.Port is <= 0 or > 65535)
        {
            throw new ArgumentException($"--port must be between 1 and 65535, not {o.Port}.");
        }

        if (o.Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--duration-ms must be positive, not {o.Duration.TotalMilliseconds}.");
        }

        if (o.Shapes.Any(s => s.IsOpenLoop) && o.ReferenceRate <= 0)
        {
            throw new ArgumentException("Open-loop shapes (O50, O80) need --reference-rate, our T8 maximum in calls per second.");
        }

        if (o.Server.Length == 0)
        {
            o.Server = o.Protocol;
        }

        return o;
    }

    private static System.Net.IPEndPoint EndPoint(string name, string value) =>
        System.Net.IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port > 0
            ? endPoint
            : throw new ArgumentException($"Option '{name}' needs host:port addresses, not '{value}'.");

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"Option '{name}' needs an integer, not '{value}'.");
}
