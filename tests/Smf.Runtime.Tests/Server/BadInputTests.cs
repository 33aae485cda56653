using Smf.Protocol;
using Smf.Server;
using Smf.Server.Internal;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// Each malformed input over a raw socket: only that connection closes, the case is counted, no budget leaks,
/// and a connection opened before it is still served afterwards.
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private const int MaxFrameSize = 4096;
    private static readonly uint Echo = TestService.Id("Echo");

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_GarbageHeader_ClosesAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, [0x7F, 0xEE, 0x01, 0x02, 0xFF, 0xFF, 0xFF, 0x7F, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02, 0x03, 0x04], c => c.BadRequests);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_SizeZero_ClosesAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, Header(new RpcHeader(CompressionFlags.None, 0, 1, 0, 0x12345678, Echo)), c => c.BadRequests);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_SizeOverMaxFrameSize_ClosesAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, RawClient.Frame(1, Echo, new byte[MaxFrameSize + 1]), c => c.BadRequests);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_ChecksumZero_ClosesAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, [.. Header(new RpcHeader(CompressionFlags.None, 0, 1, 3, 0, Echo)), 1, 2, 3], c => c.BadRequests);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_ChecksumWrong_ClosesAndCounts(RpcTransport transport)
    {
        byte[] payload = [1, 2, 3];
        var wrong = PayloadChecksum.Compute(payload) ^ 1;
        return AssertRejectedAsync(transport, [.. Header(new RpcHeader(CompressionFlags.None, 0, 1, 3, wrong, Echo)), .. payload], c => c.BadRequests);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_MetaZero_ClosesAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, RawClient.Frame(1, 0, [1, 2, 3]), c => c.BadRequests);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_UndefinedBitFlagSet_ClosesAndCounts(RpcTransport transport)
    {
        // Bit 0 (has_payload_headers) is defined: PayloadHeadersBadInputTests covers it.
        var frame = RawClient.Frame(1, Echo, [1, 2, 3]);
        frame[1] = 0x02;
        return AssertRejectedAsync(transport, frame, c => c.BadRequests);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll, (byte)4)]
    [DataRow(RpcTransport.Socket, (byte)4)]
    [DataRow(RpcTransport.Epoll, (byte)0xFF)]
    public Task Receive_CompressionAboveLz4OrNegative_ClosesAndCounts(RpcTransport transport, byte compression)
    {
        var frame = RawClient.Frame(1, Echo, [1, 2, 3]);
        frame[0] = compression;
        return AssertRejectedAsync(transport, frame, c => c.BadRequests);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_ZstdMarkedButNotZstd_ClosesAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, RawClient.Frame(1, Echo, [1, 2, 3, 4, 5, 6, 7, 8], CompressionFlags.Zstd), c => c.BadRequests);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_UnknownRequestId_ClosesAndCountsNoRoute(RpcTransport transport) =>
        AssertRejectedAsync(transport, RawClient.Frame(1, 0xDEADBEEF, [1, 2, 3]), c => c.NoRoute);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_BodyNeverCompletes_ClosesAfterBodyTimeoutAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, RawClient.Frame(1, Echo, new byte[100])[..60], c => c.Timeouts);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public Task Receive_ShortHeaderThenSilence_ClosesAfterBodyTimeoutAndCounts(RpcTransport transport) =>
        AssertRejectedAsync(transport, RawClient.Frame(1, Echo, [1, 2, 3])[..5], c => c.Timeouts);

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Receive_DisconnectMidFrame_CountsAndKeepsServing(RpcTransport transport)
    {
        await using var harness = await StartAsync(transport);
        using var good = await RawClient.ConnectAsync(harness.EndPoint);
        await good.CallAsync(1, Echo, [1]);

        using (var bad = await RawClient.ConnectAsync(harness.EndPoint))
        {
            await bad.SendAsync(RawClient.Frame(1, Echo, new byte[200])[..100]);
            await harness.WaitForAsync(c => c.BytesReceived, 17 + 100);
        }

        Assert.AreEqual(1, await harness.WaitForAsync(c => c.BadRequests, 1));
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.ActiveConnections, 1));
        Assert.AreEqual(0, harness.Sum(c => c.InFlightBytes));
        var (header, _) = await good.CallAsync(2, Echo, [2]);
        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Receive_ShortHeaderThenDisconnect_CountsAndKeepsServing(RpcTransport transport)
    {
        await using var harness = await StartAsync(transport);
        using var good = await RawClient.ConnectAsync(harness.EndPoint);
        await good.CallAsync(1, Echo, [1]);

        using (var bad = await RawClient.ConnectAsync(harness.EndPoint))
        {
            await bad.SendAsync([0, 0, 1]);
            await harness.WaitForAsync(c => c.BytesReceived, 17 + 3);
        }

        Assert.AreEqual(1, await harness.WaitForAsync(c => c.BadRequests, 1));
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.ActiveConnections, 1));
        var (header, _) = await good.CallAsync(2, Echo, [2]);
        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
    }

    private static byte[] Header(RpcHeader header)
    {
        var bytes = new byte[RpcHeader.Length];
        header.Write(bytes);
        return bytes;
    }

    private static Task<ServerHarness> StartAsync(RpcTransport transport) =>
        ServerHarness.StartAsync(transport, o =>
        {
            o.MaxFrameSize = MaxFrameSize;
            o.BodyReceiveTimeout = TimeSpan.FromMilliseconds(300);
        }, shardCount: 1);

    private static async Task AssertRejectedAsync(RpcTransport transport, byte[] bytes, Func<ShardCounters, long> counter)
    {
        var unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await using var harness = await StartAsync(transport);
            using var good = await RawClient.ConnectAsync(harness.EndPoint);
            var (before, _) = await good.CallAsync(1, Echo, [1]);
            using var bad = await RawClient.ConnectAsync(harness.EndPoint);

            await bad.SendAsync(bytes);
            var closed = await bad.IsClosedByServerAsync();

            Assert.IsTrue(closed, "The server did not close the offending connection.");
            Assert.AreEqual(1, await harness.WaitForAsync(counter, 1));
            Assert.AreEqual(1, await harness.WaitForAsync(c => c.ActiveConnections, 1), "Only the offending connection may close.");
            Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0), "The rejected frame leaked in-flight budget.");
            var (after, payload) = await good.CallAsync(2, Echo, [2]);
            Assert.AreEqual((uint)RpcStatus.Ok, before.Meta);
            Assert.AreEqual((uint)RpcStatus.Ok, after.Meta);
            CollectionAssert.AreEqual(new byte[] { 2 }, payload);
            Assert.AreEqual(0, harness.Sum(c => c.HandlerErrors));
        }
        finally
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.AreEqual(0, unobserved, "An exception went unobserved.");
    }
}
