using Smf.Cli.Tests.Infrastructure;
using Smf.Json;

namespace Smf.Cli.Tests.Json;

/// <summary>Our JSON encoder and decoder against Google's flatc and the C++ verifier.</summary>
[TestClass]
public sealed class FlatcRoundTripTests
{
    private const string Monster = "Test.Everything.Monster";

    [TestMethod]
    public void Encode_EverythingSamples_CppVerifierAcceptsAndFlatcPrintsTheInput()
    {
        var model = TestSchemas.Compile(Oracle.SchemaPath("everything.fbs"));
        var table = TestSchemas.Table(model, Monster);

        var buffers = Samples.Printable.Select(json => FlatBufferJson.Encode(table, json)).ToArray();

        var verdicts = Oracle.Verify(Oracle.SchemaPath("everything.fbs"), Monster, buffers);
        CollectionAssert.AreEqual(Enumerable.Repeat(true, buffers.Length).ToArray(), verdicts);
        var printed = Oracle.ToJson(TestSchemas.PrintableEverything(), Monster, buffers);
        for (var i = 0; i < buffers.Length; i++)
        {
            Assert.IsNull(JsonCompare.Difference(Samples.Printable[i], printed[i]), $"sample {i}: flatc printed\n{printed[i]}");
        }
    }

    [TestMethod]
    public void Decode_FlatcBinaries_EqualsFlatcJson()
    {
        var model = TestSchemas.Compile(Oracle.SchemaPath("everything.fbs"));
        var table = TestSchemas.Table(model, Monster);
        var printable = TestSchemas.PrintableEverything();

        var buffers = Oracle.ToBinary(printable, Monster, Samples.Printable);
        var flatcJson = Oracle.ToJson(printable, Monster, buffers);

        for (var i = 0; i < buffers.Length; i++)
        {
            var ours = FlatBufferJson.Decode(table, buffers[i]);
            Assert.IsNull(JsonCompare.Difference(flatcJson[i], ours), $"sample {i}: we printed\n{ours}");
        }
    }

    [TestMethod]
    public void Encode_UnionVectorsAndStructAndStringUnions_CppVerifierAcceptsAndDecodeRestoresTheInput()
    {
        var model = TestSchemas.Compile(Oracle.SchemaPath("everything.fbs"));
        var table = TestSchemas.Table(model, Monster);

        var buffers = Samples.AdvancedUnions.Select(json => FlatBufferJson.Encode(table, json)).ToArray();

        CollectionAssert.AreEqual(Enumerable.Repeat(true, buffers.Length).ToArray(), Oracle.Verify(Oracle.SchemaPath("everything.fbs"), Monster, buffers));
        for (var i = 0; i < buffers.Length; i++)
        {
            Assert.IsNull(JsonCompare.Difference(Samples.AdvancedUnions[i], FlatBufferJson.Decode(table, buffers[i])), $"sample {i}");
        }
    }

    [TestMethod]
    public void KvStoreTables_BothDirections_MatchFlatc()
    {
        var schema = Oracle.SchemaPath("kvstore.fbs");
        var model = TestSchemas.Compile(schema);
        string[][] documents =
        [
            ["kvstore.fbs.PutRequest", """{"key": "key.0", "value": "val.0"}"""],
            ["kvstore.fbs.PutResponse", "{}"],
            ["kvstore.fbs.GetRequest", """{"key": "ключ"}"""],
            ["kvstore.fbs.GetResponse", """{"found": true, "value": "v"}"""],
        ];

        foreach (var document in documents)
        {
            var table = TestSchemas.Table(model, document[0]);
            var ours = FlatBufferJson.Encode(table, document[1]);
            var theirs = Oracle.ToBinary(schema, document[0], [document[1]])[0];

            Assert.IsTrue(Oracle.Verify(schema, document[0], [ours])[0], document[0]);
            Assert.IsNull(JsonCompare.Difference(document[1], Oracle.ToJson(schema, document[0], [ours])[0]), document[0]);
            Assert.IsNull(JsonCompare.Difference(document[1], FlatBufferJson.Decode(table, theirs)), document[0]);
        }
    }

    [TestMethod]
    public void Decode_CorruptBuffers_RejectedLikeTheCppVerifier()
    {
        var model = TestSchemas.Compile(Oracle.SchemaPath("everything.fbs"));
        var table = TestSchemas.Table(model, Monster);
        var good = FlatBufferJson.Encode(table, Samples.Printable[0]);
        var nameOffset = IndexOf(good, "Orc"u8);
        var notTerminated = (byte[])good.Clone();
        notTerminated[nameOffset + 3] = (byte)'!';
        var pastTheEnd = (byte[])good.Clone();
        BitConverter.TryWriteBytes(pastTheEnd.AsSpan(0, 4), good.Length + 100);
        var bad = new[] { notTerminated, pastTheEnd, good[..(good.Length / 2)] };

        var cpp = Oracle.Verify(Oracle.SchemaPath("everything.fbs"), Monster, [good, .. bad]);

        CollectionAssert.AreEqual(new[] { true, false, false, false }, cpp);
        Assert.IsTrue(FlatBufferJson.Verify(table, good, out var error), error);
        foreach (var buffer in bad)
        {
            Assert.IsFalse(FlatBufferJson.Verify(table, buffer, out error));
            Assert.ThrowsExactly<InvalidDataException>(() => FlatBufferJson.Decode(table, buffer));
        }
    }

    private static int IndexOf(byte[] buffer, ReadOnlySpan<byte> text) => buffer.AsSpan().IndexOf(text);
}
