using System.Buffers.Binary;
using Google.FlatBuffers;
using Smf.Connections.Internal;
using Smf.Protocol;
using Smf.Server.Internal;

namespace Smf.Runtime.Tests.Server;

/// <summary>
/// Frames with <c>has_payload_headers</c> over a raw socket: a well-formed one is served with its metadata, and every
/// kind of malformed payload headers closes only its own connection and is counted in <c>bad_requests</c>.
/// </summary>
[TestClass]
public sealed class PayloadHeadersBadInputTests
{
    private static readonly uint Echo = TestService.Id("Echo");
    private static readonly byte[] Message = [8, 0, 0, 0, 4, 0, 4, 0, 4, 0, 0, 0];

    public static IEnumerable<object[]> MalformedFrames()
    {
        yield return ["shorter than the size prefix", Framed([1, 2])];
        yield return ["size prefix beyond the payload", Framed(WithPrefix(Table(Message, ("a", "1")), prefix: 4000), Message)];
        yield return ["table fails the verifier", Framed(CorruptRootOffset(Table(Message, ("a", "1"))), Message)];
        yield return ["message size does not add up", Framed(Table(Message, ("a", "1")), [.. Message, 0, 0, 0, 0])];
        yield return ["message checksum wrong", Framed(Table(Message, ("a", "1")), [.. Message[..^1], 1])];
        yield return ["keys not sorted", Framed(Table(Message, ("b", "1"), ("a", "2")), Message)];
        yield return ["more entries than the limit", Framed(Table(Message, [.. Enumerable.Range(0, 9).Select(i => ($"k{i}", "v"))]), Message)];
        yield return ["table larger than the limit", Framed(Table(Message, ("a", new string('x', 600))), Message)];
        yield return ["header compression not none", Framed(Table(Message, ("a", "1")), Message, outerCompression: CompressionFlags.Zstd)];
    }

    [TestMethod]
    [DynamicData(nameof(MalformedFrames))]
    public async Task Receive_MalformedPayloadHeaders_ClosesOnlyThatConnectionAndCounts(string what, byte[] frame)
    {
        await using var harness = await StartAsync();
        using var good = await RawClient.ConnectAsync(harness.EndPoint);
        var (before, _) = await good.CallAsync(1, Echo, [1]);
        using var bad = await RawClient.ConnectAsync(harness.EndPoint);

        await bad.SendAsync(frame);
        var closed = await bad.IsClosedByServerAsync();

        Assert.IsTrue(closed, $"{what}: the server did not close the connection.");
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.BadRequests, 1), what);
        Assert.AreEqual(1, await harness.WaitForAsync(c => c.ActiveConnections, 1), $"{what}: only the offending connection may close.");
        Assert.AreEqual(0, await harness.WaitForAsync(c => c.InFlightBytes, 0), $"{what}: the rejected frame leaked in-flight budget.");
        var (after, payload) = await good.CallAsync(2, Echo, [2]);
        Assert.AreEqual((uint)RpcStatus.Ok, before.Meta);
        Assert.AreEqual((uint)RpcStatus.Ok, after.Meta);
        CollectionAssert.AreEqual(new byte[] { 2 }, payload);
    }

    [TestMethod]
    public async Task Receive_WellFormedPayloadHeaders_ServesTheMessageAndKeepsTheConnection()
    {
        await using var harness = await StartAsync();
        using var client = await RawClient.ConnectAsync(harness.EndPoint);

        await client.SendAsync(Framed(Table(Message, ("a", "1"), ("b", "")), Message, session: 7));
        var (header, payload) = await client.ReadFrameAsync();
        var (plain, plainPayload) = await client.CallAsync(8, Echo, [3]);

        Assert.AreEqual((ushort)7, header.Session);
        Assert.AreEqual((uint)RpcStatus.Ok, header.Meta);
        Assert.AreEqual(0, header.BitFlags, "Replies never carry payload headers.");
        CollectionAssert.AreEqual(Message, payload, "The handler must see the message, not the payload headers.");
        Assert.AreEqual((uint)RpcStatus.Ok, plain.Meta);
        CollectionAssert.AreEqual(new byte[] { 3 }, plainPayload);
        Assert.AreEqual(0, harness.Sum(c => c.BadRequests));
    }

    private static Task<ServerHarness> StartAsync() =>
        ServerHarness.StartAsync(RpcTransport.Epoll, o =>
        {
            o.MaxRequestMetadataCount = 8;
            o.MaxRequestMetadataSize = 512;
        });

    /// <summary>A size-prefixed payload_headers table for <paramref name="message"/>, entries in the order given.</summary>
    internal static byte[] Table(byte[] message, params (string Key, string Value)[] entries)
    {
        var builder = new FlatBufferBuilder(256);
        var offsets = new int[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var key = builder.CreateString(entries[i].Key);
            var value = builder.CreateString(entries[i].Value);
            builder.StartTable(2);
            builder.AddOffset(0, key.Value, 0);
            builder.AddOffset(1, value.Value, 0);
            offsets[i] = builder.EndTable();
        }

        builder.StartVector(4, offsets.Length, 4);
        for (var i = offsets.Length - 1; i >= 0; i--)
        {
            builder.AddOffset(offsets[i]);
        }

        var vector = builder.EndVector();
        builder.StartTable(4);
        builder.AddUint(0, (uint)message.Length, 0);
        builder.AddUint(1, PayloadChecksum.Compute(message), 0);
        builder.AddOffset(3, vector.Value, 0);
        builder.FinishSizePrefixed(builder.EndTable());
        return builder.SizedByteArray();
    }

    private static byte[] WithPrefix(byte[] table, uint prefix)
    {
        var copy = table.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy, prefix);
        return copy;
    }

    private static byte[] CorruptRootOffset(byte[] table)
    {
        var copy = table.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4), 0x7FFF_0000);
        return copy;
    }

    /// <summary>A request frame with the flag set whose header size and checksum cover <paramref name="parts"/>.</summary>
    private static byte[] Framed(byte[] table, byte[]? message = null, ushort session = 1, CompressionFlags outerCompression = CompressionFlags.None)
    {
        byte[] payload = [.. table, .. message ?? []];
        var frame = new byte[RpcHeader.Length + payload.Length];
        new RpcHeader(outerCompression, RpcHeaderFlags.HasPayloadHeaders, session, (uint)payload.Length, PayloadChecksum.Compute(payload), Echo).Write(frame);
        payload.CopyTo(frame, RpcHeader.Length);
        return frame;
    }
}
