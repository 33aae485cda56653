using System.Net;
using System.Security.Cryptography.X509Certificates;
using Smf.Client;
using Smf.Runtime.Tests.Server;
using Smf.Security;
using Smf.Server;
using Smf.Server.Internal;
using Smf.Sharding;

namespace Smf.Runtime.Tests.Security;

/// <summary>A TLS server on 127.0.0.1 and a free port serving <see cref="PeerService"/>, <see cref="PutOnlyService"/> and <see cref="TypedService"/>, on shards of its own.</summary>
internal sealed class TlsTestServer : IAsyncDisposable
{
    private readonly OwnedServer _owned;
    private readonly System.Runtime.CompilerServices.StrongBox<int> _peerCalls = new();

    private TlsTestServer(OwnedServer owned) => _owned = owned;

    public RpcServer Server => _owned.Server;

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    /// <summary>How many times <see cref="PeerService"/>'s handler ran.</summary>
    public int PeerCalls => Volatile.Read(ref _peerCalls.Value);

    public static async Task<TlsTestServer> StartAsync(RpcServerTlsOptions? tls, Action<RpcServerOptions>? configure = null, Action<ShardGroupOptions>? configureShards = null, int shards = 1)
    {
        var options = ServerHarness.Options(RpcTransport.Auto, o => o.Tls = tls);
        configure?.Invoke(options);
        var owned = OwnedServer.Create(shards, options, configureShards);
        var server = new TlsTestServer(owned);
        owned.Server.AddService(_ => new PeerService(server._peerCalls));
        owned.Server.AddService(_ => new PutOnlyService());
        owned.Server.AddService(_ => new TypedService());
        await owned.Server.StartAsync();
        return server;
    }

    /// <summary>A client trusting <paramref name="authority"/>, presenting <paramref name="certificate"/> when given.</summary>
    public RpcClient NewClient(X509Certificate2 authority, X509Certificate2? certificate = null, Action<RpcClientOptions>? configure = null)
    {
        var options = new RpcClientOptions { EndPoint = EndPoint, ConnectTimeout = TimeSpan.FromSeconds(10), CallTimeout = TimeSpan.FromSeconds(10) };
        options.Tls = new RpcClientTlsOptions { Certificate = certificate };
        options.Tls.CertificateAuthorities.Add(authority);
        configure?.Invoke(options);
        return new RpcClient(options);
    }

    public long Sum(Func<ShardCounters, long> field) => Server.Counters.Sum(field);

    /// <summary>Waits (bounded: 10 s) until a counter reaches <paramref name="expected"/>; returns the last value seen.</summary>
    public async Task<long> WaitForAsync(Func<ShardCounters, long> field, long expected)
    {
        for (var i = 0; i < 1000 && Sum(field) != expected; i++)
        {
            await Task.Delay(10);
        }

        return Sum(field);
    }

    public ValueTask DisposeAsync() => _owned.DisposeAsync();
}
