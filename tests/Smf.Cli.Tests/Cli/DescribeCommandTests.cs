using System.Text.Json;
using Smf.Cli.Tests.Infrastructure;

namespace Smf.Cli.Tests.Cli;

/// <summary><c>smf describe</c>: ids on the wire (the published kvstore vectors of the wire protocol) and layouts.</summary>
[TestClass]
public sealed class DescribeCommandTests
{
    [TestMethod]
    public async Task Describe_KvStore_PrintsServiceMethodAndRequestIds()
    {
        var result = await SmfRun.ProcessAsync(null, "describe", "--schema", SmfRun.SchemaPath);

        Assert.AreEqual(0, result.ExitCode, result.Error);
        StringAssert.Contains(result.Out, "service kvstore.fbs.MemoryNode  id 504045560 (0x1E0B1FF8)");
        StringAssert.Contains(result.Out, "method id   3345117782 (0xC7627256)  crc32 \"Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse\"");
        StringAssert.Contains(result.Out, "request id  3647565230 (0xD9696DAE)");
        StringAssert.Contains(result.Out, "table kvstore.fbs.GetResponse  2 vtable slots");
    }

    [TestMethod]
    public async Task Describe_Json_HasIdsAndStructLayouts()
    {
        var result = await SmfRun.InProcessAsync(false, "describe", "--schema", Oracle.SchemaPath("everything.fbs"), "--json");

        Assert.AreEqual(0, result.ExitCode, result.Error);
        using var document = JsonDocument.Parse(result.Out);
        var mixed = document.RootElement.GetProperty("structs").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Test.Everything.Mixed");
        Assert.AreEqual(24, mixed.GetProperty("size").GetInt32());
        Assert.AreEqual("0,8,16", string.Join(",", mixed.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("offset").GetInt32())));
        Assert.AreEqual("7,0,6", string.Join(",", mixed.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("padding").GetInt32())));
        var kv = await SmfRun.InProcessAsync(false, "describe", "--schema", SmfRun.SchemaPath, "--json");
        using var kvDocument = JsonDocument.Parse(kv.Out);
        var put = kvDocument.RootElement.GetProperty("services")[0].GetProperty("methods")[0];
        Assert.AreEqual(3647565230u, put.GetProperty("requestId").GetUInt32());
    }

    [TestMethod]
    public async Task Describe_SchemaWithErrors_PrintsDiagnosticsAndExitsTwo()
    {
        var directory = Oracle.Scratch("describe-bad");
        var schema = Path.Combine(directory, "bad.fbs");
        await File.WriteAllTextAsync(schema, "table T {\n  a: Missing;\n}\n");

        var result = await SmfRun.InProcessAsync(false, "describe", "--schema", schema);

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, schema + "(2,6,2,12): error SMF0305");
        Directory.Delete(directory, recursive: true);
    }
}
