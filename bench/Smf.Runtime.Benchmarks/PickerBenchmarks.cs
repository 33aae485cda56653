using System.Net;
using BenchmarkDotNet.Attributes;
using Smf.Balancing;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// What an RpcChannel adds to a keyed call before it reaches an endpoint's client: the key's XXH64 and one rendezvous
/// score per endpoint (RpcChannel.OwnerOf runs the same code as a keyed pick, without the availability checks).
/// </summary>
[MemoryDiagnoser]
public class PickerBenchmarks
{
    private RpcChannel _channel = null!;
    private RpcRoutingKey _key;

    [Params(3, 5)]
    public int EndPoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _channel = RpcChannel.ForEndPoints(Enumerable.Range(0, EndPoints).Select(i => (EndPoint)new IPEndPoint(IPAddress.Loopback, 20776 + i)));
        _channel.RefreshAsync().GetAwaiter().GetResult();
        _key = "key.12345";
    }

    [GlobalCleanup]
    public void Cleanup() => _channel.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public ulong KeyHash() => _key.Hash();

    [Benchmark]
    public string? KeyedPick() => _channel.OwnerOf(_key);
}
