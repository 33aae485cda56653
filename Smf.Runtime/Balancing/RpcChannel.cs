using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smf.Balancing.Internal;
using Smf.Client;

namespace Smf.Balancing;

/// <summary>
/// A client of many smf servers that serve the same services, gRPC's resolver, balancer, subchannel and picker in one
/// type: the <see cref="RpcResolver"/> names the endpoints, the channel keeps one pipelined <see cref="RpcClient"/> per
/// endpoint (each connects on its first call), and every call picks one. Thread-safe; generated clients take it in
/// place of an <see cref="RpcClient"/> (<see cref="IRpcCallInvoker"/>).
/// </summary>
/// <remarks>
/// <para>A call with a <see cref="RpcCallOptions.RoutingKey"/> goes to the endpoint with the highest rendezvous score
/// for that key (XXH64), so every channel with the same endpoints sends a key to the same one and adding or removing
/// one of N endpoints moves about 1/N of the keys. A call without a key goes where <see cref="RpcChannelOptions.Picker"/>
/// says.</para>
/// <para>An endpoint whose connection fails takes no calls (it is ejected) until a background attempt on
/// <see cref="RpcChannelOptions.ReconnectPolicy"/>'s schedule reconnects it; the failure also asks the resolver again.
/// A keyed call whose owner is ejected fails at once with <see cref="RpcConnectionException"/>, so a key never reaches
/// another endpoint unless the call is idempotent.</para>
/// <para>A call marked <see cref="RpcCallOptions.IsIdempotent"/> that fails with <see cref="RpcConnectionException"/>
/// is sent again to another endpoint (for a keyed call, the next by score), at most
/// <see cref="RpcChannelOptions.MaxAttempts"/> endpoints in all, within the call's one deadline: each attempt gets what
/// is left of it, and a call out of time fails with <see cref="TimeoutException"/>. Other calls fail with the
/// connection error.</para>
/// </remarks>
public sealed partial class RpcChannel : IAsyncDisposable
{
    private readonly RpcChannelOptions _options;
    private readonly RpcClientOptions _client;
    private readonly UnkeyedPicker _picker;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Lock _startLock = new();
    private readonly ITimer? _refreshTimer;
    private volatile Subchannel[]? _members;
    private Task? _firstRefresh;
    private int _refreshRequested;

    /// <summary>Creates a channel; it asks its resolver when the first call is made (or <see cref="RefreshAsync"/> is called).</summary>
    /// <param name="options">The settings, copied and checked here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its <see cref="RpcChannelOptions.Resolver"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is outside its documented range; the message names it.</exception>
    public RpcChannel(RpcChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _client = (options.Client ?? new RpcClientOptions()).CloneFor(new IPEndPoint(IPAddress.Loopback, 0));
        _picker = UnkeyedPicker.Create(_options.Picker);
        _clock = _client.TimeProvider;
        _logger = (_client.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<RpcChannel>();
        if (_options.RefreshPeriod != Timeout.InfiniteTimeSpan)
        {
            _refreshTimer = _clock.CreateTimer(static s => ((RpcChannel)s!).RequestRefresh(), this, _options.RefreshPeriod, _options.RefreshPeriod);
        }

        _options.Resolver!.Changed += RequestRefresh;
    }

    /// <summary>A channel over a fixed list of servers, for code without dependency injection.</summary>
    /// <param name="endPoints">The servers; at least one.</param>
    /// <param name="options">The other settings; its <see cref="RpcChannelOptions.Resolver"/> is replaced. <see langword="null"/> for the defaults.</param>
    /// <returns>The channel; dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="endPoints"/> is empty or holds null.</exception>
    public static RpcChannel ForEndPoints(IEnumerable<EndPoint> endPoints, RpcChannelOptions? options = null)
    {
        var resolver = RpcResolver.Static(endPoints);
        var source = options ?? new RpcChannelOptions();
        return new RpcChannel(new RpcChannelOptions
        {
            Resolver = resolver,
            Client = source.Client,
            Picker = source.Picker,
            ReconnectPolicy = source.ReconnectPolicy,
            RefreshPeriod = source.RefreshPeriod,
            MaxAttempts = source.MaxAttempts,
        });
    }

    /// <summary>The endpoints as last resolved (<c>host:port</c> text), in the order the resolver gave them; empty before the first resolution.</summary>
    public IReadOnlyList<string> EndPoints => _members is { } members ? [.. members.Select(m => m.Name)] : [];

    /// <summary>The endpoints that take calls now: resolved, and not ejected after a connection failure.</summary>
    public IReadOnlyList<string> AvailableEndPoints => _members is { } members ? [.. members.Where(m => m.IsAvailable).Select(m => m.Name)] : [];

    /// <summary>
    /// The endpoint a call with <paramref name="key"/> goes to while every endpoint takes calls: the highest rendezvous
    /// score among <see cref="EndPoints"/>. Null before the first resolution.
    /// </summary>
    /// <param name="key">The routing key; not none.</param>
    /// <returns>The owner's <c>host:port</c> text.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is none.</exception>
    public string? OwnerOf(RpcRoutingKey key)
    {
        if (key.IsNone)
        {
            throw new ArgumentException("A routing key is needed to find its owner.", nameof(key));
        }

        return _members is { Length: > 0 } members ? RendezvousHash.Owner(key.Hash(), members, default, availableOnly: false)?.Name : null;
    }

    /// <summary>
    /// Asks the resolver now and applies its answer: new endpoints are added (their clients connect on their first
    /// call), endpoints no longer named are removed and their connections closed. Calls do this by themselves.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Completes when the answer is applied.</returns>
    /// <exception cref="ObjectDisposedException">The channel was disposed.</exception>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await _refreshGate.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            var resolved = await _options.Resolver!.ResolveAsync(linked.Token).ConfigureAwait(false);
            if (resolved.Count > 0)
            {
                await ApplyAsync(resolved).ConfigureAwait(false);
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Stops resolving and closes every endpoint's connection; calls in flight fail with <see cref="RpcConnectionException"/>. Safe to call twice.</summary>
    /// <returns>Completes when every connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        _options.Resolver!.Changed -= RequestRefresh;
        if (_refreshTimer is not null)
        {
            await _refreshTimer.DisposeAsync().ConfigureAwait(false);
        }

        await _refreshGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            foreach (var member in Interlocked.Exchange(ref _members, []) ?? [])
            {
                await member.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task ApplyAsync(IReadOnlyList<EndPoint> resolved)
    {
        var previous = _members ?? [];
        var byName = previous.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var next = new List<Subchannel>(resolved.Count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endPoint in resolved)
        {
            var name = Subchannel.NameOf(endPoint);
            if (!names.Add(name))
            {
                continue;
            }

            next.Add(byName.Remove(name, out var kept)
                ? kept
                : new Subchannel(name, new RpcClient(_client.CloneFor(endPoint)), _options.ReconnectPolicy, _clock, _logger, () => OnEndPointFailed(endPoint)));
        }

        var changed = byName.Count > 0 || next.Count != previous.Length;
        _members = [.. next];
        if (changed)
        {
            RpcChannelLog.EndPointsResolved(_logger, next.Count, string.Join(", ", names));
        }

        foreach (var removed in byName.Values)
        {
            await removed.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Tells the resolver which endpoint failed, then resolves again.</summary>
    private void OnEndPointFailed(EndPoint endPoint)
    {
        try
        {
            _options.Resolver!.OnConnectionFailed(endPoint);
        }
        catch (Exception e)
        {
            RpcChannelLog.ResolveFailed(_logger, e);
        }

        RequestRefresh();
    }

    /// <summary>Starts one background resolution unless one is already running (connection failures, the refresh timer and the resolver's change notices call this).</summary>
    private void RequestRefresh()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Exchange(ref _refreshRequested, 1) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync(_disposed.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!_disposed.IsCancellationRequested)
            {
                RpcChannelLog.ResolveFailed(_logger, e);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
            }
            finally
            {
                Volatile.Write(ref _refreshRequested, 0);
            }
        });
    }

    /// <summary>The members, resolving them first on the first call.</summary>
    private ValueTask<Subchannel[]> MembersAsync(CancellationToken cancellationToken)
    {
        if (_members is { } members)
        {
            return ValueTask.FromResult(members);
        }

        lock (_startLock)
        {
            _firstRefresh ??= RefreshAsync(_disposed.Token);
        }

        return WaitForFirstAsync(cancellationToken);
    }

    private async ValueTask<Subchannel[]> WaitForFirstAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _firstRefresh!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lock (_startLock)
            {
                _firstRefresh = null;   // the next call asks again
            }

            throw new RpcConnectionException($"The channel's resolver failed: {e.Message}", e);
        }

        return _members ?? throw new RpcConnectionException("The channel's resolver returned no endpoints.");
    }
}
