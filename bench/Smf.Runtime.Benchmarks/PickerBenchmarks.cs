using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Smf.Balancing;
using Smf.Balancing.Internal;
using Smf.Client;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// What an RpcChannel adds to a call before it reaches an endpoint's client: the pick over the channel's member
/// snapshot, with every member connected to a real server on 127.0.0.1 (so the availability check reads a live
/// connection). A keyed pick is the key's XXH64 plus one rendezvous score per endpoint, as RpcChannel's keyed calls do;
/// the unkeyed picks are the channel's round-robin and power-of-two-choices pickers.
/// </summary>
[MemoryDiagnoser]
public class PickerBenchmarks
{
    private readonly UnkeyedPicker _roundRobin = UnkeyedPicker.Create(RpcPickerKind.RoundRobin);
    private readonly UnkeyedPicker _powerOfTwo = UnkeyedPicker.Create(RpcPickerKind.PowerOfTwoChoices);
    private ShardGroup _shards = null!;
    private RpcServer[] _servers = [];
    private Subchannel[] _members = [];
    private RpcRoutingKey _key;

    [Params(3, 5)]
    public int EndPoints { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        _servers = new RpcServer[EndPoints];
        _members = new Subchannel[EndPoints];
        for (var i = 0; i < EndPoints; i++)
        {
            _servers[i] = new RpcServer(_shards, new RpcServerOptions { Address = IPAddress.Loopback, Port = 0 });
            await _servers[i].StartAsync();
            var endPoint = _servers[i].LocalEndPoint!;
            var client = new RpcClient(new RpcClientOptions { EndPoint = endPoint });
            await client.ConnectAsync();
            _members[i] = new Subchannel(Subchannel.NameOf(endPoint), client, new RpcReconnectPolicy(), TimeProvider.System, NullLogger.Instance, () => { });
        }

        _key = "key.12345";
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _shards.DisposeAsync();
    }

    [Benchmark(Baseline = true)]
    public ulong KeyHash() => _key.Hash();

    [Benchmark]
    public object? KeyedPick()
    {
        var owner = RendezvousHash.Owner(_key.Hash(), _members, default, availableOnly: false);
        return owner is not null && owner.IsAvailable ? owner : null;
    }

    [Benchmark]
    public object? RoundRobinPick() => _roundRobin.Pick(_members, default);

    [Benchmark]
    public object? PowerOfTwoChoicesPick() => _powerOfTwo.Pick(_members, default);
}
