using BenchmarkDotNet.Attributes;
using Smf.Protocol;

namespace Smf.Runtime.Benchmarks;

/// <summary>The header checksum (low 32 bits of XXH64) over a payload: the 80-byte Put request and the Echo value sizes of the payload-size shapes.</summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private byte[] _payload = [];

    [Params(80, 1024, 16 * 1024, 256 * 1024, 1024 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Bytes];
        new Random(80).NextBytes(_payload);
    }

    [Benchmark]
    public uint Checksum() => PayloadChecksum.Compute(_payload);
}
