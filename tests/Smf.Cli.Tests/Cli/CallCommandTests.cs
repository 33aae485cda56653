using System.Net;
using System.Net.Sockets;
using Smf.Cli.Tests.Infrastructure;

namespace Smf.Cli.Tests.Cli;

/// <summary><c>smf call</c> as a real process against a kvstore server on 127.0.0.1.</summary>
[TestClass]
public sealed class CallCommandTests
{
    private static readonly string Schema = SmfRun.SchemaPath;

    [TestMethod]
    public async Task Call_PutThenGet_PrintsStatusAndReplyJsonAndExitsZero()
    {
        await using var server = await KvStoreServer.StartAsync();

        var put = await SmfRun.ProcessAsync(null, "call", "--schema", Schema, server.Address, "MemoryNode.Put", """{"key": "k", "value": "v1"}""");
        var get = await SmfRun.ProcessAsync(null, "call", "-s", Schema, server.Address, "MemoryNode.Get", "-d", """{"key": "k"}""");

        Assert.AreEqual(0, put.ExitCode, put.Error);
        Assert.AreEqual("status 200 Ok", put.Error.Trim());
        Assert.AreEqual("{}", put.Out.Trim());
        Assert.AreEqual(0, get.ExitCode, get.Error);
        Assert.IsNull(JsonCompare.Difference("""{"found": true, "value": "v1"}""", get.Out), get.Out);
    }

    [TestMethod]
    public async Task Call_RequestFromFileAndFromStdin_BothSent()
    {
        await using var server = await KvStoreServer.StartAsync();
        var file = Path.Combine(Oracle.Scratch("call-file"), "put.json");
        await File.WriteAllTextAsync(file, """{"key": "from-file", "value": "f"}""");

        var fromFile = await SmfRun.ProcessAsync(null, "call", "--schema", Schema, server.Address, "MemoryNode.Put", "-d", "@" + file);
        var fromStdin = await SmfRun.ProcessAsync("""{"key": "from-file"}""", "call", "--schema", Schema, server.Address, "MemoryNode.Get");
        var fromDash = await SmfRun.ProcessAsync("""{"key": "missing"}""", "call", "--schema", Schema, server.Address, "MemoryNode.Get", "-d", "@-");

        Assert.AreEqual(0, fromFile.ExitCode, fromFile.Error);
        Assert.AreEqual(0, fromStdin.ExitCode, fromStdin.Error);
        Assert.IsNull(JsonCompare.Difference("""{"found": true, "value": "f"}""", fromStdin.Out));
        Assert.AreEqual(44, fromDash.ExitCode, fromDash.Error);
        StringAssert.Contains(fromDash.Error, "status 404 NotFound");
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [TestMethod]
    public async Task Call_EachStatus_HasItsOwnExitCode()
    {
        await using var server = await KvStoreServer.StartAsync();
        var expected = new Dictionary<int, int> { [400] = 40, [404] = 44, [418] = 58, [429] = 69, [500] = 70, [501] = 71, [503] = 73, [302] = 99 };

        foreach (var (status, exit) in expected)
        {
            var result = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, server.Address, "MemoryNode.Put", $$"""{"key": "status:{{status}}", "value": "x"}""");

            Assert.AreEqual(exit, result.ExitCode, $"status {status}: {result.Error}");
            StringAssert.StartsWith(result.Error, $"status {status}");
        }
    }

    [TestMethod]
    public async Task Call_BadJson_ExitsTwoNamingPathAndFieldAndSendsNothing()
    {
        await using var server = await KvStoreServer.StartAsync();

        var unknownField = await SmfRun.ProcessAsync(null, "call", "--schema", Schema, server.Address, "MemoryNode.Put", """{"key": "k", "colour": "v"}""");
        var wrongType = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, server.Address, "MemoryNode.Get", """{"key": 7}""");

        Assert.AreEqual(2, unknownField.ExitCode);
        StringAssert.Contains(unknownField.Error, "$.colour: the table kvstore.fbs.PutRequest has no field 'colour' (its fields: key, value)");
        Assert.AreEqual(2, wrongType.ExitCode);
        StringAssert.Contains(wrongType.Error, "$.key: expected a string, found the number 7 (schema field kvstore.fbs.GetRequest.key)");
        Assert.AreEqual(0, server.Requests);
    }

    [TestMethod]
    public async Task Call_UnknownMethod_ListsTheSchemasMethods()
    {
        var result = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, "127.0.0.1:1", "MemoryNode.Delete", "{}");

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "The schema has no method 'MemoryNode.Delete'; its methods are: MemoryNode.Put, MemoryNode.Get.");
    }

    [TestMethod]
    public async Task Call_NothingListening_ExitsThree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, $"127.0.0.1:{port}", "MemoryNode.Get", """{"key": "k"}""");

        Assert.AreEqual(3, result.ExitCode, result.Error);
        StringAssert.StartsWith(result.Error, "error: ");
    }

    [TestMethod]
    public async Task Call_SlowHandler_TimesOutWithExitFour()
    {
        await using var server = await KvStoreServer.StartAsync();

        var result = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, server.Address, "MemoryNode.Put", """{"key": "sleep", "value": "z"}""", "--timeout", "300ms");

        Assert.AreEqual(4, result.ExitCode, result.Error);
        StringAssert.Contains(result.Error, "within 0.3 s");
    }

    [TestMethod]
    public async Task Call_ReplyThatFailsVerification_ReportedNotPrinted()
    {
        await using var server = await KvStoreServer.StartAsync(brokenReplies: true);

        var result = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, server.Address, "MemoryNode.Get", """{"key": "k"}""");
        var raw = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, server.Address, "MemoryNode.Get", """{"key": "k"}""", "--raw");

        Assert.AreEqual(5, result.ExitCode, result.Error);
        Assert.AreEqual(string.Empty, result.Out);
        StringAssert.Contains(result.Error, "is not a valid kvstore.fbs.GetResponse");
        Assert.AreEqual(0, raw.ExitCode);
        Assert.AreEqual("ffffff7f0102030405060708", raw.Out.Trim());
    }

    [TestMethod]
    [DataRow("zstd")]
    [DataRow("lz4")]
    public async Task Call_Compression_ServerWithFiltersAnswersAndServerWithoutClosesTheConnection(string compression)
    {
        await using var decompressing = await KvStoreServer.StartAsync();
        await using var plain = await KvStoreServer.StartAsync(decompress: false);
        var request = """{"key": "compressed", "value": "0123456789012345678901234567890123456789"}""";

        var answered = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, decompressing.Address, "MemoryNode.Put", request, "--compression", compression);
        var refused = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, plain.Address, "MemoryNode.Put", request, "--compression", compression);
        var uncompressed = await SmfRun.InProcessAsync(false, "call", "--schema", Schema, plain.Address, "MemoryNode.Put", request);

        Assert.AreEqual(0, answered.ExitCode, answered.Error);
        Assert.AreEqual(3, refused.ExitCode, refused.Error);
        Assert.AreEqual(0, uncompressed.ExitCode, uncompressed.Error);
    }
}
