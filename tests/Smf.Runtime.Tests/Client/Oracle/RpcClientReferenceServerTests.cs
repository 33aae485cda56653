using Smf.Client;
using Smf.Messages;
using Smf.Protocol;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Protocol;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client.Oracle;

/// <summary>The client against an smf server written with Google's C++ FlatBuffers (see <see cref="ReferenceCppServer"/>).</summary>
[TestClass]
public sealed class RpcClientReferenceServerTests
{
    [TestMethod]
    public async Task CallAsync_TypedPut_CppVerifierAcceptsTheRequestAndTheReplyReadsBack()
    {
        await using var server = await ReferenceCppServer.StartAsync();
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.EndPoint });

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, new PutRequestT { Key = "key.0", Value = "key.0.val" });

        Assert.AreEqual((RpcStatus)200, reply.Status, "The C++ verifier rejected the request the envelope serialized.");
        Assert.AreEqual("cpp:key.0", reply.Message.Key);
        Assert.AreEqual("key.0.val:cpp", reply.Message.Value);
    }

    [TestMethod]
    public async Task CallAsync_ManyPipelinedCalls_EveryReplyMatchesItsCall()
    {
        await using var server = await ReferenceCppServer.StartAsync();
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.EndPoint });

        var calls = Enumerable.Range(0, 200)
            .Select(i => client.CallAsync<PutRequestT, PutRequest>(PutRequestId, new PutRequestT { Key = $"k{i}", Value = $"v{i}" }).AsTask())
            .ToArray();
        var replies = await WithinPatience(Task.WhenAll(calls));

        for (var i = 0; i < replies.Length; i++)
        {
            Assert.AreEqual((RpcStatus)200, replies[i].Status);
            Assert.AreEqual($"cpp:k{i}", replies[i].Message.Key);
            Assert.AreEqual($"v{i}:cpp", replies[i].Message.Value);
            replies[i].Dispose();
        }
    }

    [TestMethod]
    public async Task CallAsync_PutRequestVector_IsAcceptedByTheCppServer()
    {
        await using var server = await ReferenceCppServer.StartAsync();
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.EndPoint });

        using var reply = await client.CallAsync(PutRequestId, WireVectors.PutRequestFrame.AsMemory(RpcHeader.Length));

        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        var typed = default(PutRequest);
        typed.__init(BitConverter.ToInt32(reply.Payload.Span), new Google.FlatBuffers.ByteBuffer(reply.Payload.ToArray()));
        Assert.AreEqual("cpp:k1", typed.Key);
    }

    [TestMethod]
    public async Task CallAsync_PayloadTheCppVerifierRejects_ComesBackWithStatus400()
    {
        await using var server = await ReferenceCppServer.StartAsync();
        await using var client = await ConnectAsync(new RpcClientOptions { EndPoint = server.EndPoint });
        var broken = WireVectors.PutRequestFrame[RpcHeader.Length..];
        broken[0] = 0xF0; // the root offset now points far outside the buffer

        using var reply = await client.CallAsync(PutRequestId, broken);

        Assert.AreEqual((RpcStatus)400, reply.Status);
        Assert.IsTrue(client.IsConnected);
    }
}
