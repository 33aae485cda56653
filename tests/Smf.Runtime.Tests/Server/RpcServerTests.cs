using System.Buffers.Binary;
using Smf.Protocol;
using Smf.Server;

namespace Smf.Runtime.Tests.Server;

[TestClass]
public sealed class RpcServerTests
{
    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_Echo_Replies200WithSessionAndValidChecksum(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        byte[] payload = [1, 2, 3, 4, 5];

        var (header, reply) = await client.CallAsync(7, TestService.Id("Echo"), payload);

        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
        Assert.AreEqual((ushort)7, header.Session);
        Assert.AreEqual(CompressionFlags.None, header.Compression);
        Assert.AreEqual((uint)payload.Length, header.Size);
        Assert.AreEqual(PayloadChecksum.Compute(reply), header.Checksum);
        CollectionAssert.AreEqual(payload, reply);
    }

    [TestMethod]
    public void Constructor_AutoTransportOnLinux_UsesEpoll()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The epoll transport exists on Linux only.");
        }

        var options = new RpcServerOptions { Port = 0 };

        var validated = options.Clone();

        Assert.AreEqual(RpcTransport.Epoll, validated.Transport);
    }

    [TestMethod]
    public async Task Constructor_PinShards_EachShardThreadRunsOnOneAllowedCpu()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("Shards pin themselves on Linux only.");
        }

        var allowed = Smf.Sharding.Internal.LinuxInterop.AllowedCpus();
        await using var shards = new Smf.Sharding.ShardGroup(new Smf.Sharding.ShardGroupOptions { Count = Math.Min(2, allowed.Length), PinToCpus = true });
        var seen = new List<int[]>();

        for (var i = 0; i < shards.Count; i++)
        {
            int[] cpus = [];
            await shards[i].InvokeAsync(() => cpus = Smf.Sharding.Internal.LinuxInterop.AllowedCpus());
            seen.Add(cpus);
        }

        for (var i = 0; i < seen.Count; i++)
        {
            CollectionAssert.AreEqual(new[] { allowed[i] }, seen[i], $"Shard {i} is not pinned to CPU {allowed[i]}.");
        }
    }

    [TestMethod]
    public async Task Call_KvStorePutVector_ReplyFrameMatchesPublishedReplyVector()
    {
        // The published reply to the published request: an empty PutResponse, status 200, session 1.
        await using var owned = OwnedServer.Create(1, new RpcServerOptions { Port = 0 });
        var server = owned.Server;
        await using (server)
        {
            server.AddService(_ => new PutOnlyService());
            await server.StartAsync();
            using var client = await RawClient.ConnectAsync(server.LocalEndPoint);

            await client.SendAsync(Protocol.WireVectors.PutRequestFrame);
            var (header, payload) = await client.ReadFrameAsync();

            var frame = new byte[RpcHeader.Length + payload.Length];
            header.Write(frame);
            payload.CopyTo(frame, RpcHeader.Length);
            CollectionAssert.AreEqual(Protocol.WireVectors.PutReplyFrame, frame);
        }
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_HandlerSetsNoStatus_Replies200WithEmptyTable(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        var (header, reply) = await client.CallAsync(1, TestService.Id("Default"), [9]);

        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
        CollectionAssert.AreEqual(new byte[] { 8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0 }, reply);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_UnimplementedMethod_Replies501(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        var (header, reply) = await client.CallAsync(3, TestService.Id("Unimplemented"), [9]);

        Assert.AreEqual((uint)RpcStatus.NotImplemented, header.Meta);
        Assert.AreEqual((ushort)3, header.Session);
        Assert.AreEqual(12, reply.Length);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll, "Throw")]
    [DataRow(RpcTransport.Epoll, "ThrowAsync")]
    [DataRow(RpcTransport.Socket, "Throw")]
    [DataRow(RpcTransport.Socket, "ThrowAsync")]
    public async Task Call_HandlerThrows_Replies500AndConnectionStaysOpen(RpcTransport transport, string method)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        var (failed, _) = await client.CallAsync(1, TestService.Id(method), [1]);
        var (next, nextPayload) = await client.CallAsync(2, TestService.Id("Echo"), [42]);

        Assert.AreEqual((uint)RpcStatus.InternalError, failed.Meta);
        Assert.AreEqual((ushort)1, failed.Session);
        Assert.AreEqual((uint)RpcStatus.Ok, next.Meta);
        CollectionAssert.AreEqual(new byte[] { 42 }, nextPayload);
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.HandlerErrors, 1));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_PipelinedRequestsFinishingOutOfOrder_EveryReplyWholeAndMatchedBySession(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        const int calls = 200;
        var batch = new List<byte>();
        for (var i = 1; i <= calls; i++)
        {
            // Earlier requests yield more often, so later ones finish first.
            batch.AddRange(RawClient.Frame((ushort)i, TestService.Id("Yield"), [(byte)((calls - i) % 7), (byte)i, (byte)(i >> 8)]));
        }

        await client.SendAsync([.. batch]);
        var seen = new HashSet<ushort>();
        for (var i = 0; i < calls; i++)
        {
            var (header, payload) = await client.ReadFrameAsync();
            Assert.AreEqual((uint)RpcStatus.Ok, header.Meta, "An await inside a handler resumed off its shard.");
            Assert.AreEqual(header.Session, (ushort)(payload[1] | (payload[2] << 8)));
            Assert.AreEqual(PayloadChecksum.Compute(payload), header.Checksum);
            Assert.IsTrue(seen.Add(header.Session), $"Session {header.Session} was answered twice.");
        }

        Assert.AreEqual(calls, seen.Count);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_SlowRequestFollowedByFastOne_FastReplyIsNotBlocked(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        await client.SendAsync([.. RawClient.Frame(1, TestService.Id("Gate"), [1]), .. RawClient.Frame(2, TestService.Id("Echo"), [2])]);
        var (fast, _) = await client.ReadFrameAsync();
        harness.State.Gate.SetResult();
        var (slow, _) = await client.ReadFrameAsync();

        Assert.AreEqual((ushort)2, fast.Session);
        Assert.AreEqual((ushort)1, slow.Session);
        Assert.AreEqual((uint)RpcStatus.Ok, slow.Meta, "The handler's await resumed off its shard.");
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Accept_TwoConnections_SpreadRoundRobinAndHandledOnOwnShardThread(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        var shards = new List<int>();
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var client = await RawClient.ConnectAsync(harness.EndPoint);
                clients.Add(client);
                var (_, payload) = await client.CallAsync(1, TestService.Id("WhichShard"), [0]);
                var contextShard = BinaryPrimitives.ReadInt32LittleEndian(payload);
                Assert.AreEqual(contextShard, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4)), "Shard.CurrentId differs from the context's shard.");
                shards.Add(contextShard);
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        CollectionAssert.AreEquivalent(new[] { 0, 1 }, shards);
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Receive_ClientHalfClosesWithCallInFlight_ReplyIsSentThenConnectionCloses(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        await client.SendFrameAsync(9, TestService.Id("Gate"), [1]);
        await harness.WaitForAsync(c => c.InFlightRequests, 1);

        client.ShutdownSend();
        await harness.WaitForAsync(c => c.BytesReceived, 17);
        harness.State.Gate.SetResult();
        var (reply, _) = await client.ReadFrameAsync();

        Assert.AreEqual((ushort)9, reply.Session);
        Assert.AreEqual((uint)RpcStatus.Ok, reply.Meta);
        Assert.IsTrue(await client.IsClosedByServerAsync());
        Assert.AreEqual(0, harness.Sum(c => c.BadRequests));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_EightConnectionsPipeliningMixedHandlers_EveryReplyCorrect(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport);
        const int connections = 8;
        const int callsPerConnection = 500;

        var results = await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            using var client = await RawClient.ConnectAsync(harness.EndPoint);
            var batch = new List<byte>();
            for (var i = 1; i <= callsPerConnection; i++)
            {
                var method = (i % 3) switch { 0 => "Yield", 1 => "Echo", _ => "Default" };
                batch.AddRange(RawClient.Frame((ushort)i, TestService.Id(method), [(byte)(i % 4), (byte)c, (byte)i]));
            }

            await client.SendAsync([.. batch]);
            var sessions = new HashSet<ushort>();
            for (var i = 0; i < callsPerConnection; i++)
            {
                var (header, payload) = await client.ReadFrameAsync();
                if (header.Meta != (uint)RpcStatus.Ok || !sessions.Add(header.Session))
                {
                    return false;
                }

                if (header.Session % 3 != 2 && (payload[1] != c || payload[2] != (byte)header.Session))
                {
                    return false;
                }
            }

            return sessions.Count == callsPerConnection;
        }));

        Assert.IsTrue(results.All(ok => ok));
        Assert.AreEqual(connections * callsPerConnection, await harness.WaitForAsync(c => c.Requests, connections * callsPerConnection));
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
    }

    [TestMethod]
    public async Task Call_HandlerResumesOffShard_GetsPrivateBuilderAndReplyStillSent()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        var (header, payload) = await client.CallAsync(4, TestService.Id("OffShard"), [1]);
        var (next, _) = await client.CallAsync(5, TestService.Id("Echo"), [1]);

        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta, "The shard's builder was handed out off the shard thread.");
        Assert.AreEqual((ushort)4, header.Session);
        Assert.AreEqual(PayloadChecksum.Compute(payload), header.Checksum);
        Assert.AreEqual((uint)RpcStatus.Ok, next.Meta);
    }

    [TestMethod]
    public async Task Call_TwoServicesOnOneServer_EachRequestRoutedByItsId()
    {
        await using var owned = OwnedServer.Create(2, new RpcServerOptions { Port = 0 });
        var server = owned.Server;
        await using (server)
        {
            server.AddService(shard => new TestService(new TestServiceState(), shard));
            server.AddService(_ => new PutOnlyService());
            await server.StartAsync();
            using var client = await RawClient.ConnectAsync(server.LocalEndPoint);

            await client.SendAsync([.. Protocol.WireVectors.PutRequestFrame, .. RawClient.Frame(2, TestService.Id("Echo"), [7, 7])]);
            var (put, putPayload) = await client.ReadFrameAsync();
            var (echo, echoPayload) = await client.ReadFrameAsync();

            Assert.AreEqual((ushort)1, put.Session);
            Assert.AreEqual(12, putPayload.Length);
            Assert.AreEqual((ushort)2, echo.Session);
            CollectionAssert.AreEqual(new byte[] { 7, 7 }, echoPayload);
        }
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_ClientReadsLateWhileRepliesExceedSocketBuffers_EveryReplyArrivesIntact(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, shardCount: 1);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        const int calls = 24;
        const int size = 512 * 1024;

        // The replies (12 MiB) outgrow the kernel buffers and the server's 4 MiB output threshold, so the server
        // must wait for writability and pause reading; the client starts reading only after sending everything.
        var sending = Task.Run(async () =>
        {
            for (var i = 1; i <= calls; i++)
            {
                var payload = new byte[size];
                Array.Fill(payload, (byte)i);
                await client.SendFrameAsync((ushort)i, TestService.Id("Echo"), payload);
            }
        });
        await Task.WhenAny(sending, Task.Delay(300));
        for (var i = 1; i <= calls; i++)
        {
            var (header, payload) = await client.ReadFrameAsync();
            Assert.AreEqual((ushort)i, header.Session);
            Assert.AreEqual(size, payload.Length);
            Assert.IsTrue(payload.All(b => b == (byte)i), $"Reply {i} is corrupted.");
        }

        await sending;
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
        Assert.AreEqual((long)calls * (16 + size), await harness.WaitForAsync(c => c.BytesSent, (long)calls * (16 + size)));
    }

    [TestMethod]
    [DataRow(RpcTransport.Epoll)]
    [DataRow(RpcTransport.Socket)]
    [DataRow(RpcTransport.Stream)]
    public async Task Call_IdlePollEnabled_ServesCallsAndCrossShardWork(RpcTransport transport)
    {
        await using var harness = await ServerHarness.StartAsync(transport, configureShards: o => o.IdlePollDuration = TimeSpan.FromMilliseconds(1));
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        for (ushort i = 1; i <= 50; i++)
        {
            var (header, payload) = await client.CallAsync(i, TestService.Id(i % 2 == 0 ? "Echo" : "Yield"), [(byte)(i % 3), (byte)i, 0]);
            Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
            Assert.AreEqual((byte)i, payload[1]);
        }
    }

    [TestMethod]
    public async Task Call_ManyFramesInOneWrite_LargeAndSmallMixed_AllEchoed()
    {
        await using var harness = await ServerHarness.StartAsync(RpcTransport.Epoll);
        using var client = await RawClient.ConnectAsync(harness.EndPoint);
        var sizes = new[] { 1, 100_000, 3, 40_000, 70_000, 5, 1_000_000, 17 };
        var batch = new List<byte>();
        for (var i = 0; i < sizes.Length; i++)
        {
            batch.AddRange(RawClient.Frame((ushort)(i + 1), TestService.Id("Echo"), Enumerable.Range(0, sizes[i]).Select(b => (byte)(b * 7 + i)).ToArray()));
        }

        await client.SendAsync([.. batch]);
        for (var i = 0; i < sizes.Length; i++)
        {
            var (header, payload) = await client.ReadFrameAsync();
            Assert.AreEqual((ushort)(i + 1), header.Session);
            Assert.AreEqual(sizes[i], payload.Length);
            Assert.AreEqual((byte)(((sizes[i] - 1) * 7) + i), payload[^1]);
        }

        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0));
    }
}
