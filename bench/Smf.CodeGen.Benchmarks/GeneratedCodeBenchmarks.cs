using System.Text;
using BenchmarkDotNet.Attributes;
using Google.FlatBuffers;
using kvstore.fbs;

namespace Smf.CodeGen.Benchmarks;

/// <summary>
/// The generated code for PutRequest { key: 16 bytes, value: 100 bytes }: build and finish with a reused builder,
/// read both fields through the zero-copy accessors, verify it (and a ~1 KiB Batch), Pack and UnPack.
/// </summary>
[MemoryDiagnoser]
public class GeneratedCodeBenchmarks
{
    private readonly string _key = new('k', 16);
    private readonly string _value = new('v', 100);
    private readonly FlatBufferBuilder _builder = new(1024);
    private byte[] _putRequest = [];
    private byte[] _batch = [];
    private ByteBuffer _putBuffer = null!;
    private PutRequestT _object = null!;

    /// <summary>Builds the buffers the read, verify and unpack benchmarks use.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _putRequest = new PutRequestT { Key = _key, Value = _value }.SerializeToBinary();
        _putBuffer = new ByteBuffer(_putRequest);
        _object = PutRequestT.DeserializeFromBinary(_putRequest);
        var builder = new FlatBufferBuilder(2048);
        var requests = new Offset<PutRequest>[8];
        for (var i = 0; i < requests.Length; i++)
        {
            var key = builder.CreateString("key-" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture));
            var value = builder.CreateString(new string((char)('a' + i), 100));
            requests[i] = PutRequest.CreatePutRequest(builder, key, value);
        }

        var vector = Batch.CreateRequestsVector(builder, requests);
        builder.Finish(Batch.CreateBatch(builder, vector, 42).Value);
        _batch = builder.SizedByteArray();
        Console.WriteLine("// PutRequest buffer: " + _putRequest.Length + " bytes; Batch buffer: " + _batch.Length + " bytes.");
        if (!PutRequest.Verify(_putRequest) || !Batch.Verify(_batch) || Encoding.UTF8.GetString(PutRequest.GetRootAsPutRequest(_putBuffer).GetKeyBytes()) != _key)
        {
            throw new InvalidOperationException("The benchmark buffers are invalid.");
        }
    }

    /// <summary>Build and finish a PutRequest with a reused builder.</summary>
    [Benchmark]
    public int BuildAndFinish()
    {
        var builder = _builder;
        builder.Clear();
        var key = builder.CreateString(_key);
        var value = builder.CreateString(_value);
        PutRequest.FinishPutRequestBuffer(builder, PutRequest.CreatePutRequest(builder, key, value));
        return builder.Offset;
    }

    /// <summary>Read both fields as UTF-8 spans through the accessors.</summary>
    [Benchmark]
    public int ReadBothFieldsAsBytes()
    {
        var request = PutRequest.GetRootAsPutRequest(_putBuffer);
        return request.GetKeyBytes().Length + request.GetValueBytes().Length;
    }

    /// <summary>Read both fields as .NET strings (allocates the two strings).</summary>
    [Benchmark]
    public int ReadBothFieldsAsStrings()
    {
        var request = PutRequest.GetRootAsPutRequest(_putBuffer);
        return request.Key!.Length + request.Value!.Length;
    }

    /// <summary>Verify the PutRequest buffer.</summary>
    [Benchmark]
    public bool VerifyPutRequest() => PutRequest.Verify(_putRequest);

    /// <summary>Verify a ~1 KiB Batch of 8 PutRequests.</summary>
    [Benchmark]
    public bool VerifyBatch1KiB() => Batch.Verify(_batch);

    /// <summary>Pack the object-API PutRequestT with a reused builder.</summary>
    [Benchmark]
    public int Pack()
    {
        var builder = _builder;
        builder.Clear();
        PutRequest.FinishPutRequestBuffer(builder, PutRequest.Pack(builder, _object));
        return builder.Offset;
    }

    /// <summary>UnPack the buffer into a new PutRequestT.</summary>
    [Benchmark]
    public PutRequestT UnPack() => PutRequest.GetRootAsPutRequest(_putBuffer).UnPack();
}
