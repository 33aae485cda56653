using Smf.Cli.Tests.Infrastructure;
using Smf.Runtime.Tests.Client.Oracle;

namespace Smf.Cli.Tests.Cli;

/// <summary>
/// <c>smf call</c> as a real process against the runtime's C++ oracle server (<see cref="ReferenceCppServer"/>: Google's
/// C++ FlatBuffers verifies the request and builds the reply); inconclusive without flatc, g++ and the headers.
/// </summary>
[TestClass]
public sealed class ReferenceServerCallTests
{
    [TestMethod]
    public async Task Call_PutToCppServer_ReplyBuiltInCppIsVerifiedAndPrinted()
    {
        await using var server = await ReferenceCppServer.StartAsync();

        var result = await SmfRun.ProcessAsync(
            null, "call", "--schema", Oracle.SchemaPath("reference_server.fbs"), server.EndPoint.ToString(), "MemoryNode.Put", """{"key": "k1", "value": "v1"}""");

        Assert.AreEqual(0, result.ExitCode, result.Error);
        Assert.AreEqual("status 200 Ok", result.Error.Trim());
        Assert.IsNull(JsonCompare.Difference("""{"key": "cpp:k1", "value": "v1:cpp"}""", result.Out), result.Out);
    }

    [TestMethod]
    public async Task Call_SampleSchemaPut_CppVerifierAcceptsTheRequest()
    {
        // The kvstore sample's schema declares an empty PutResponse: the reply's two fields are not printed, and the
        // status shows that flatbuffers::Verifier accepted the request Smf.Json encoded (it answers 400 otherwise).
        await using var server = await ReferenceCppServer.StartAsync();

        var result = await SmfRun.ProcessAsync(null, "call", "--schema", SmfRun.SchemaPath, server.EndPoint.ToString(), "MemoryNode.Put", """{"key": "k2", "value": "v2"}""", "--raw");

        Assert.AreEqual(0, result.ExitCode, result.Error);
        Assert.AreEqual("status 200 Ok", result.Error.Trim());
        var payload = Convert.FromHexString(result.Out.Trim());
        StringAssert.Contains(System.Text.Encoding.UTF8.GetString(payload), "cpp:k2");
    }

    [TestMethod]
    public async Task Call_CompressedRequestToCppServer_ConnectionClosedExitThree()
    {
        // The reference server accepts uncompressed frames only and closes the connection on any other header.
        await using var server = await ReferenceCppServer.StartAsync();

        var result = await SmfRun.ProcessAsync(
            null, "call", "--schema", SmfRun.SchemaPath, server.EndPoint.ToString(), "MemoryNode.Put", """{"key": "k3", "value": "v3"}""", "--compression", "zstd", "--timeout", "5s");

        Assert.AreEqual(3, result.ExitCode, result.Out + result.Error);
        Assert.AreEqual(string.Empty, result.Out);
    }
}
