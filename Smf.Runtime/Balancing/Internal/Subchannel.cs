using System.IO.Hashing;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Smf.Client;

namespace Smf.Balancing.Internal;

/// <summary>
/// One endpoint of a channel (gRPC's subchannel): its <see cref="RpcClient"/>, its calls in flight and whether it takes
/// calls. A connection failure ejects it; a background probe reconnects it on the channel's reconnect schedule and it
/// takes calls again once connected.
/// </summary>
internal sealed class Subchannel : IAsyncDisposable
{
    private readonly RpcReconnectPolicy _policy;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Action _onEjected;
    private int _ejected;
    private volatile string? _ejectReason;
    private Task _probe = Task.CompletedTask;

    public Subchannel(string name, RpcClient client, RpcReconnectPolicy policy, TimeProvider clock, ILogger logger, Action onEjected)
    {
        Name = name;
        Client = client;
        Seed = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name));
        _policy = policy;
        _clock = clock;
        _logger = logger;
        _onEjected = onEjected;
        client.ConnectionFailed = Eject;
    }

    /// <summary>The endpoint as text (<c>127.0.0.1:20776</c>, <c>host:port</c>): its identity in rendezvous scores.</summary>
    public string Name { get; }

    /// <summary>XXH64 of <see cref="Name"/>'s UTF-8 bytes: the hash seed of this endpoint's rendezvous scores.</summary>
    public ulong Seed { get; }

    public RpcClient Client { get; }

    /// <summary>Calls sent through this endpoint that have not completed.</summary>
    public int InFlight => Client.CallsInFlight;

    /// <summary>
    /// Whether the endpoint takes calls: not ejected. The client ejects it when a connection attempt fails or its
    /// connection closes (<see cref="RpcClient.ConnectionFailed"/>), so calls need no bookkeeping of their own.
    /// </summary>
    public bool IsAvailable => Volatile.Read(ref _ejected) == 0;

    /// <summary>Why the endpoint takes no calls, for error messages.</summary>
    public string? EjectReason => _ejectReason;

    public static string NameOf(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => dns.Host + ":" + dns.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => endPoint.ToString() ?? endPoint.GetType().Name,
    };

    /// <summary>Whether this member is one of <paramref name="tried"/> (compared by reference).</summary>
    public bool IsIn(ReadOnlySpan<Subchannel?> tried)
    {
        foreach (var member in tried)
        {
            if (ReferenceEquals(member, this))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Stops picking this endpoint and starts bringing it back; a second call while ejected does nothing.</summary>
    private void Eject(string reason)
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _ejected, 1) != 0)
        {
            return;
        }

        _ejectReason = reason;
        RpcChannelLog.EndPointEjected(_logger, Name, reason);
        _probe = Task.Run(ProbeAsync);
        _onEjected();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        await Client.DisposeAsync().ConfigureAwait(false);
        await _probe.ConfigureAwait(false);
        _disposed.Dispose();
    }

    /// <summary>
    /// Reconnects on the policy's schedule, one attempt per delay, until connected or disposed; a server that stays down
    /// costs one connection attempt per longest delay.
    /// </summary>
    private async Task ProbeAsync()
    {
        try
        {
            for (var attempt = 0; !_disposed.IsCancellationRequested; attempt++)
            {
                await Task.Delay(_policy.DelayFor(attempt), _clock, _disposed.Token).ConfigureAwait(false);
                try
                {
                    await Client.ConnectAsync(_disposed.Token).ConfigureAwait(false);
                }
                catch (RpcConnectionException e)
                {
                    _ejectReason = e.Message;
                    continue;
                }

                _ejectReason = null;
                Volatile.Write(ref _ejected, 0);
                RpcChannelLog.EndPointReturned(_logger, Name, attempt + 1);
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _disposed.IsCancellationRequested)
        {
        }
    }
}
