using System.Net;
using Smf.Client;
using Smf.Protocol.Filters;

namespace Smf.Cli;

/// <summary>The connection settings shared by <c>smf call</c> and <c>smf bench</c>: <c>--timeout</c> and <c>--compression</c>.</summary>
internal sealed class ClientSettings
{
    private ClientSettings(TimeSpan timeout, string compression)
    {
        Timeout = timeout;
        Compression = compression;
    }

    /// <summary>The deadline of each call (connecting included).</summary>
    public TimeSpan Timeout { get; }

    /// <summary><c>none</c>, <c>zstd</c> or <c>lz4</c>.</summary>
    public string Compression { get; }

    /// <exception cref="CliUsageException">A value is invalid.</exception>
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

        return new ClientSettings(timeout, compression);
    }

    /// <summary>Options for one connection; requests of any size are compressed when <see cref="Compression"/> asks for it.</summary>
    public RpcClientOptions ClientOptions(EndPoint endPoint, int maxCallsInFlight)
    {
        var options = new RpcClientOptions
        {
            EndPoint = endPoint,
            CallTimeout = Timeout,
            ConnectTimeout = Timeout < TimeSpan.FromSeconds(10) ? Timeout : TimeSpan.FromSeconds(10),
            MaxCallsInFlight = maxCallsInFlight,
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

        return options;
    }

    /// <summary>The call options with this deadline.</summary>
    public RpcCallOptions CallOptions(CancellationToken cancellationToken = default) => new() { Timeout = Timeout, CancellationToken = cancellationToken };
}
