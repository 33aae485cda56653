using System.Buffers;
using BenchmarkDotNet.Attributes;
using Smf.Bench.LoadGenerator.Smf;
using Smf.Protocol;
using Smf.Protocol.Filters;

namespace Smf.Runtime.Benchmarks;

/// <summary>
/// The zstd and lz4 frame filters over the compression shape's request: 16 KiB of the payload-size shapes' JSON log
/// text (<see cref="PayloadText"/>). Compress is what a sender's outgoing filter does (the checksum of the compressed
/// bytes included), Decompress what a receiver's incoming filter does (the checksum of the plain bytes included).
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private byte[] _plain = [];
    private byte[] _compressed = [];
    private RpcHeader _compressedHeader;
    private IOutgoingFrameFilter _outgoing = null!;
    private IIncomingFrameFilter _incoming = null!;

    [Params("zstd", "lz4")]
    public string Filter { get; set; } = "zstd";

    [Params(16 * 1024)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_outgoing, _incoming) = Filter == "zstd" ? (new ZstdFrameFilter(), new ZstdFrameFilter()) : ((IOutgoingFrameFilter)new Lz4FrameFilter(), (IIncomingFrameFilter)new Lz4FrameFilter());
        _plain = PayloadText.Create(Bytes);
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)_plain.Length, PayloadChecksum.Compute(_plain), 200);
        _outgoing.TryApply(ref header, _plain, _output);
        _compressed = _output.WrittenSpan.ToArray();
        _compressedHeader = header;
    }

    [Benchmark]
    public int Compress()
    {
        _output.ResetWrittenCount();
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)_plain.Length, 0, 200);
        _outgoing.TryApply(ref header, _plain, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public int Decompress()
    {
        _output.ResetWrittenCount();
        var header = _compressedHeader;
        _incoming.TryApply(ref header, _compressed, _output);
        return _output.WrittenCount;
    }
}
