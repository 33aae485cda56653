using System.Net;
using Smf.Client;
using Smf.Protocol.Filters;
using Smf.Security;

namespace Smf.Cli;

/// <summary>
/// The connection settings shared by <c>smf call</c>, <c>smf bench</c> and <c>smf health</c>: <c>--timeout</c>,
/// <c>--compression</c> and TLS (<c>--tls</c>, <c>--tls-ca</c>, <c>--tls-cert</c>, <c>--tls-key</c>,
/// <c>--tls-server-name</c>).
/// </summary>
internal sealed class ClientSettings
{
    /// <summary>The usage lines of the TLS options, for each command's help.</summary>
    public const string TlsUsage = """
          --tls              connect with TLS, checking the server's certificate against the system's roots
          --tls-ca           a PEM file of the CA the server's certificate must chain to (implies --tls)
          --tls-cert         a PEM file with the client's certificate, for mutual TLS (implies --tls)
          --tls-key          a PEM file with the unencrypted key of --tls-cert (default: in --tls-cert)
          --tls-server-name  the name the server's certificate must carry (default: the address's host; implies --tls)
        """;

    private readonly RpcClientTlsOptions? _tls;

    private ClientSettings(TimeSpan timeout, string compression, RpcClientTlsOptions? tls)
    {
        Timeout = timeout;
        Compression = compression;
        _tls = tls;
    }

    /// <summary>The deadline of each call (connecting included).</summary>
    public TimeSpan Timeout { get; }

    /// <summary><c>none</c>, <c>zstd</c> or <c>lz4</c>.</summary>
    public string Compression { get; }

    /// <summary>Adds the spellings of <c>--timeout</c> and the TLS options (and <c>--compression</c> unless <paramref name="compression"/> is false) to a command's spellings; returns the names that are flags.</summary>
    public static IEnumerable<string> AddSpellings(Dictionary<string, string> spellings, bool compression = true)
    {
        spellings["--timeout"] = "timeout";
        if (compression)
        {
            spellings["--compression"] = "compression";
        }

        spellings["--tls"] = "tls";
        spellings["--tls-ca"] = "tls-ca";
        spellings["--tls-cert"] = "tls-cert";
        spellings["--tls-key"] = "tls-key";
        spellings["--tls-server-name"] = "tls-server-name";
        return ["tls"];
    }

    /// <exception cref="CliUsageException">A value is invalid, or a TLS file does not exist.</exception>
    public static ClientSettings From(CommandLine line, TimeSpan defaultTimeout)
    {
        var timeout = line.Duration("timeout", defaultTimeout);
        if (timeout <= TimeSpan.Zero)
        {
            throw new CliUsageException("'--timeout' must be longer than zero.");
        }

        var compression = line.Single("compression") ?? "none";
        if (compression is not ("none" or "zstd" or "lz4"))
        {
            throw new CliUsageException($"'--compression {compression}' is not supported; use zstd, lz4 or none.");
        }

        return new ClientSettings(timeout, compression, TlsFrom(line));
    }

    /// <summary>A client for one connection, not yet connected; requests of any size are compressed when <see cref="Compression"/> asks for it.</summary>
    /// <exception cref="CliUsageException">A TLS file cannot be loaded.</exception>
    public RpcClient CreateClient(EndPoint endPoint, int maxCallsInFlight, Sharding.ShardGroup? shards = null)
    {
        var options = new RpcClientOptions
        {
            EndPoint = endPoint,
            CallTimeout = Timeout,
            ConnectTimeout = Timeout < TimeSpan.FromSeconds(10) ? Timeout : TimeSpan.FromSeconds(10),
            MaxCallsInFlight = maxCallsInFlight,
            Shards = shards,
            Tls = _tls,
        };
        switch (Compression)
        {
            case "zstd":
                options.OutgoingFilters.Add(new ZstdFrameFilter(minimumSize: 0));
                break;
            case "lz4":
                options.OutgoingFilters.Add(new Lz4FrameFilter(minimumSize: 0));
                break;
        }

        try
        {
            return new RpcClient(options);
        }
        catch (ArgumentException e) when (_tls is not null)
        {
            // The client reads the PEM files when it is constructed; the message names the file and what is wrong.
            throw new CliUsageException($"The TLS settings cannot be used: {e.Message}");
        }
    }

    /// <summary>The call options with this deadline.</summary>
    public RpcCallOptions CallOptions(CancellationToken cancellationToken = default) => new() { Timeout = Timeout, CancellationToken = cancellationToken };

    private static RpcClientTlsOptions? TlsFrom(CommandLine line)
    {
        var authority = ExistingFile(line, "tls-ca");
        var certificate = ExistingFile(line, "tls-cert");
        var key = ExistingFile(line, "tls-key");
        var serverName = line.Single("tls-server-name");
        if (key is not null && certificate is null)
        {
            throw new CliUsageException("'--tls-key' needs '--tls-cert' (the client certificate the key belongs to).");
        }

        if (serverName is { Length: 0 })
        {
            throw new CliUsageException("'--tls-server-name' is empty; give the name on the server's certificate.");
        }

        if (!line.Has("tls") && authority is null && certificate is null && serverName is null)
        {
            return null;
        }

        return new RpcClientTlsOptions
        {
            CertificateAuthorityPath = authority,
            CertificatePath = certificate,
            KeyPath = key,
            TargetHost = serverName,
        };
    }

    private static string? ExistingFile(CommandLine line, string name)
    {
        var path = line.Single(name);
        return path is null || File.Exists(path) ? path : throw new CliUsageException($"'--{name} {path}': the file does not exist.");
    }
}
