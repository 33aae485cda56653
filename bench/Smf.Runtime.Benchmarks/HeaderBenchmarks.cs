using BenchmarkDotNet.Attributes;
using Smf.Protocol;

namespace Smf.Runtime.Benchmarks;

/// <summary>Encoding and decoding the 16-byte smf header.</summary>
[MemoryDiagnoser]
public class HeaderBenchmarks
{
    private readonly byte[] _buffer = new byte[RpcHeader.Length];
    private RpcHeader _header = new(CompressionFlags.None, 0, 1, 40, 0x1671C3BF, 3647565230);

    [GlobalSetup]
    public void Setup() => _header.Write(_buffer);

    [Benchmark]
    public void Encode() => _header.Write(_buffer);

    [Benchmark]
    public RpcHeader Decode() => RpcHeader.Read(_buffer);
}
