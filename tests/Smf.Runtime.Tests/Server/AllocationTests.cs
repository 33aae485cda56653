using Smf.Server;

namespace Smf.Runtime.Tests.Server;

/// <summary>The server path allocates nothing per request on the shard thread when the handler completes synchronously.</summary>
[TestClass]
public sealed class AllocationTests
{
    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_SynchronousHandler_ShardAllocatesNothingPerRequest(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, shardCount: 1);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var loop = harness.Shards[0];
        const int batch = 64;
        var frames = Enumerable.Range(1, batch).SelectMany(i => RawClient.Frame((ushort)i, TestService.Id("Echo"), new byte[80])).ToArray();
        await RoundsAsync(client, frames, batch, rounds: 50);

        long before = 0;
        await loop.InvokeAsync(() => before = GC.GetAllocatedBytesForCurrentThread());
        await RoundsAsync(client, frames, batch, rounds: 50);
        long after = 0;
        await loop.InvokeAsync(() => after = GC.GetAllocatedBytesForCurrentThread());

        // InvokeAsync's own closure is allocated on the calling thread; the posted delegate runs on the shard
        // and allocates nothing. Allow one small object for the measuring call itself.
        var perRequest = (after - before) / (double)(50 * batch);
        Assert.IsLessThan(1.0, perRequest, $"The shard allocated {after - before} bytes for {50 * batch} requests.");
    }

    private static async Task RoundsAsync(RawClient client, byte[] frames, int batch, int rounds)
    {
        for (var round = 0; round < rounds; round++)
        {
            await client.SendAsync(frames);
            for (var i = 0; i < batch; i++)
            {
                await client.ReadFrameAsync();
            }
        }
    }
}
