using Smf.Client;
using Smf.Messages;
using Smf.Protocol;
using Smf.Protocol.Filters;
using Smf.Runtime.Tests.Messages.KvStore;
using Smf.Runtime.Tests.Protocol;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientTypedCallTests
{
    [TestMethod]
    public async Task CallAsync_TypedPut_SendsTheVectorFrameAndReturnsAVerifiedReply()
    {
        await using var server = new FakeSmfServer((request, connection) => connection.SendRawAsync(WireVectors.PutReplyFrame));
        await using var client = await ConnectAsync(Options(server));
        var request = new PutRequestT { Key = "k1", Value = "v1" };

        using var reply = await client.CallAsync<PutRequestT, PutResponse>(PutRequestId, request);

        Assert.IsTrue(server.Requests.TryPeek(out var sent));
        CollectionAssert.AreEqual(WireVectors.PutRequestFrame, sent.Frame);
        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        Assert.AreEqual((ushort)1, reply.Session);
        Assert.AreEqual(12, reply.Payload.Length);
    }

    [TestMethod]
    public async Task CallAsync_TypedReplyWithFields_ReadsThemInPlace()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));
        var request = new PutRequestT { Key = "key.7", Value = "key.7.val" };

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, request);
        Assert.AreEqual("key.7", reply.Message.Key);
        Assert.AreEqual("key.7.val", reply.Message.Value);
    }

    [TestMethod]
    public async Task CallAsync_CompressionDisabledInCallOptions_FiltersLeaveTheRequestAlone()
    {
        await using var server = FakeSmfServer.Echo();
        var options = Options(server);
        options.OutgoingFilters.Add(new ZstdFrameFilter(minimumSize: 0));
        await using var client = await ConnectAsync(options);
        var big = new string('v', 4096);
        var request = new PutRequestT { Key = "k", Value = big };

        using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, request, new RpcCallOptions { Compression = CompressionFlags.Disabled });

        Assert.IsTrue(server.Requests.TryPeek(out var sent));
        Assert.AreEqual(CompressionFlags.Disabled, sent.Header.Compression);
        Assert.AreEqual(big, reply.Message.Value);
    }

    [TestMethod]
    public async Task CallAsync_TypedCallsFromManyThreads_EachGetsItsOwnReply()
    {
        await using var server = FakeSmfServer.Echo();
        await using var client = await ConnectAsync(Options(server));

        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var key = $"{worker}/{i}";
                using var reply = await client.CallAsync<PutRequestT, PutRequest>(PutRequestId, new PutRequestT { Key = key, Value = key });
                Assert.AreEqual(key, reply.Message.Key);
            }
        }));

        await WithinPatience(Task.WhenAll(workers).ContinueWith(t => t.IsCompletedSuccessfully ? 0 : throw t.Exception!.InnerException!));
    }
}
