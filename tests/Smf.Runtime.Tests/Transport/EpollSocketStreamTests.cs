using System.Net;
using System.Net.Sockets;
using Smf.Sharding;
using Smf.Sharding.Internal;
using Smf.Transport.Internal;

namespace Smf.Runtime.Tests.Transport;

[TestClass]
public sealed class EpollSocketStreamTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [TestMethod]
    public async Task WriteAsync_MoreThanTheSocketHolds_WaitsForThePeerAndDeliversEveryByte()
    {
        await using var pair = await Pair.StartAsync();
        pair.Local.SendBufferSize = 16 * 1024;
        var payload = new byte[4 * 1024 * 1024];
        new Random(7).NextBytes(payload);

        Task? write = null;
        await pair.Loop.InvokeAsync(() => write = pair.Stream.WriteAsync(payload).AsTask());
        Assert.IsFalse(write!.IsCompleted, "4 MiB cannot fit a 16 KiB send buffer before the peer reads.");

        var received = new byte[payload.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await pair.Peer.ReceiveAsync(received.AsMemory(total)).AsTask().WaitAsync(Timeout);
            Assert.AreNotEqual(0, read, $"The peer saw end of stream after {total} bytes.");
            total += read;
        }

        await write.WaitAsync(Timeout);
        CollectionAssert.AreEqual(payload, received);
    }

    [TestMethod]
    public async Task ReadAsync_ThatWaited_ResumesOnThePoolDuringTheHandshakeAndOnTheShardAfterIt()
    {
        await using var pair = await Pair.StartAsync();
        var buffer = new byte[64];

        var beforeHandshake = await ResumptionOfAWaitingRead(pair, buffer, 1);
        pair.Stream.CompleteOnShard();
        var afterHandshake = await ResumptionOfAWaitingRead(pair, buffer, 2);

        Assert.AreEqual((1, false), beforeHandshake);
        Assert.AreEqual((2, true), afterHandshake);
    }

    [TestMethod]
    public async Task ReadAsync_StartedOffTheShard_IsCarriedOutThereAndReturnsTheBytes()
    {
        await using var pair = await Pair.StartAsync();
        var buffer = new byte[16];

        var read = pair.Stream.ReadAsync(buffer).AsTask();
        Assert.IsFalse(read.IsCompleted);
        await pair.Peer.SendAsync("hello"u8.ToArray());

        Assert.AreEqual(5, await read.WaitAsync(Timeout));
        CollectionAssert.AreEqual("hello"u8.ToArray(), buffer[..5]);
    }

    [TestMethod]
    public async Task Dispose_WithAReadWaiting_FailsTheReadAndThePeerReadsEndOfStream()
    {
        await using var pair = await Pair.StartAsync();
        Task<int>? read = null;
        await pair.Loop.InvokeAsync(() => read = pair.Stream.ReadAsync(new byte[16]).AsTask());

        await pair.Loop.InvokeAsync(pair.Stream.Dispose);

        await Assert.ThrowsExactlyAsync<ObjectDisposedException>(() => read!.WaitAsync(Timeout));
        Assert.AreEqual(0, await pair.Peer.ReceiveAsync(new byte[16].AsMemory()).AsTask().WaitAsync(Timeout));
    }

    [TestMethod]
    public async Task ReadAsync_PeerResets_FailsWithTheReason()
    {
        await using var pair = await Pair.StartAsync();
        Task<int>? read = null;
        await pair.Loop.InvokeAsync(() => read = pair.Stream.ReadAsync(new byte[16]).AsTask());

        pair.Peer.LingerState = new LingerOption(true, 0);
        pair.Peer.Close();

        var error = await Assert.ThrowsExactlyAsync<IOException>(() => read!.WaitAsync(Timeout));
        StringAssert.Contains(error.Message, "recv failed");
    }

    [TestMethod]
    public async Task ReadAsync_AfterAShortRead_WaitsForTheNextBytesAndGetsThem()
    {
        await using var pair = await Pair.StartAsync();
        var buffer = new byte[64];
        await pair.Peer.SendAsync("first"u8.ToArray());
        await pair.Peer.SendAsync("second"u8.ToArray());
        var received = new List<byte>();

        // Reads until both sends have arrived: the short reads mark the socket drained, and the later bytes must still come.
        while (received.Count < "firstsecond".Length)
        {
            Task<int>? read = null;
            await pair.Loop.InvokeAsync(() => read = pair.Stream.ReadAsync(buffer).AsTask());
            var count = await read!.WaitAsync(Timeout);
            Assert.AreNotEqual(0, count);
            received.AddRange(buffer[..count]);
        }

        Task<int>? third = null;
        await pair.Loop.InvokeAsync(() => third = pair.Stream.ReadAsync(buffer).AsTask());
        await pair.Peer.SendAsync("third"u8.ToArray());

        Assert.AreEqual(5, await third!.WaitAsync(Timeout));
        CollectionAssert.AreEqual("firstsecond"u8.ToArray(), received.ToArray());
        CollectionAssert.AreEqual("third"u8.ToArray(), buffer[..5]);
    }

    [TestMethod]
    public async Task ReadAsync_AtEndOfStream_KeepsReturningEndOfStream()
    {
        await using var pair = await Pair.StartAsync();
        pair.Peer.Shutdown(SocketShutdown.Send);

        Assert.AreEqual(0, await pair.Stream.ReadAsync(new byte[16]).AsTask().WaitAsync(Timeout));
        Assert.AreEqual(0, await pair.Stream.ReadAsync(new byte[16]).AsTask().WaitAsync(Timeout));
    }

    [TestMethod]
    public async Task ReadAsync_PeerCloses_ReturnsEndOfStream()
    {
        await using var pair = await Pair.StartAsync();
        pair.Peer.Shutdown(SocketShutdown.Send);

        Assert.AreEqual(0, await pair.Stream.ReadAsync(new byte[16]).AsTask().WaitAsync(Timeout));
    }

    /// <summary>Starts a read on the shard with nothing to read, then sends one byte: the value read and whether the reader resumed on the shard thread.</summary>
    private static async Task<(int Value, bool OnShard)> ResumptionOfAWaitingRead(Pair pair, byte[] buffer, byte value)
    {
        var resumed = new TaskCompletionSource<(int, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await pair.Loop.InvokeAsync(() =>
        {
            var read = pair.Stream.ReadAsync(buffer);
            Assert.IsFalse(read.IsCompleted, "Nothing was sent yet.");
            var awaiter = read.ConfigureAwait(false).GetAwaiter();
            awaiter.UnsafeOnCompleted(() => resumed.SetResult((buffer[0] * awaiter.GetResult(), ShardLoop.Current == pair.Loop)));
        });

        await pair.Peer.SendAsync(new[] { value });
        return await resumed.Task.WaitAsync(Timeout);
    }

    /// <summary>A connected loopback pair: the stream on one end, on shard 0's epoll, and a plain socket as the peer.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        private Pair(ShardGroup shards, Socket local, Socket peer)
        {
            Shards = shards;
            Local = local;
            Peer = peer;
            Loop = shards[0];
            Stream = new EpollSocketStream(local, Loop, (EpollPoller)Loop.Poller);
        }

        public ShardGroup Shards { get; }

        public ShardLoop Loop { get; }

        public Socket Local { get; }

        public Socket Peer { get; }

        public EpollSocketStream Stream { get; }

        public static async Task<Pair> StartAsync()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.Inconclusive("The shard's epoll exists on Linux only.");
            }

            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await peer.ConnectAsync(listener.LocalEndPoint!);
            var local = await listener.AcceptAsync();
            return new Pair(new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false }), local, peer);
        }

        public async ValueTask DisposeAsync()
        {
            await Loop.InvokeAsync(Stream.Dispose);
            Peer.Dispose();
            await Shards.DisposeAsync();
        }
    }
}
