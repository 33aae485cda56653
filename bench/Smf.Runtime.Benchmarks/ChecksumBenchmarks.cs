using BenchmarkDotNet.Attributes;
using Smf.Protocol;

namespace Smf.Runtime.Benchmarks;

/// <summary>The header checksum (low 32 bits of XXH64) over an 80-byte request payload.</summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private readonly byte[] _payload = new byte[80];

    [GlobalSetup]
    public void Setup() => new Random(80).NextBytes(_payload);

    [Benchmark]
    public uint Checksum80Bytes() => PayloadChecksum.Compute(_payload);
}
