using Smf.Client;
using Smf.Protocol;
using static Smf.Runtime.Tests.Client.ClientTestSupport;

namespace Smf.Runtime.Tests.Client;

[TestClass]
public sealed class RpcClientReplyValidationTests
{
    public enum Defect
    {
        WrongChecksum,
        ZeroChecksum,
        ZeroSize,
        ZeroStatus,
        BitFlagSet,
        CompressionOutOfRange,
        NegativeCompression,
        ZstdWithoutFilter,
        UnknownSession,
        TooLarge,
    }

    [TestMethod]
    [DataRow(Defect.WrongChecksum, "checksum")]
    [DataRow(Defect.ZeroChecksum, "checksum 0")]
    [DataRow(Defect.ZeroSize, "size 0")]
    [DataRow(Defect.ZeroStatus, "status 0")]
    [DataRow(Defect.BitFlagSet, "bitflags")]
    [DataRow(Defect.CompressionOutOfRange, "compression 4")]
    [DataRow(Defect.NegativeCompression, "compression -1")]
    [DataRow(Defect.ZstdWithoutFilter, "IncomingFilters")]
    [DataRow(Defect.UnknownSession, "session 999")]
    [DataRow(Defect.TooLarge, "MaxReplyPayloadSize")]
    public async Task CallAsync_MalformedReply_ClosesConnectionAndFailsTheCall(Defect defect, string expected)
    {
        await using var server = new FakeSmfServer((request, connection) => connection.SendRawAsync(Corrupt(defect, request.Header.Session)));
        var options = Options(server);
        options.MaxReplyPayloadSize = 1024;
        options.IncomingFilters.Clear();
        await using var client = await ConnectAsync(options);

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(async () => await client.CallAsync(1, Bytes("x")));

        Assert.IsInstanceOfType<InvalidDataException>(error.InnerException);
        StringAssert.Contains(error.InnerException!.Message, expected);
        Assert.IsFalse(client.IsConnected);
    }

    [TestMethod]
    public async Task CallAsync_CompressionDisabledFlag_IsTreatedAsNone()
    {
        await using var server = new FakeSmfServer((request, connection) =>
            connection.SendRawAsync(FakeConnection.Frame(request.Header.Session, [9, 8, 7], compression: CompressionFlags.Disabled)));
        await using var client = await ConnectAsync(Options(server));

        using var reply = await client.CallAsync(1, Bytes("x"));

        CollectionAssert.AreEqual(new byte[] { 9, 8, 7 }, reply.Payload.ToArray());
        Assert.AreEqual(CompressionFlags.None, reply.Header.Compression);
    }

    private static byte[] Corrupt(Defect defect, ushort session)
    {
        var frame = FakeConnection.Frame(session, [1, 2, 3, 4]);
        var header = RpcHeader.Read(frame);
        header = defect switch
        {
            Defect.WrongChecksum => header with { Checksum = header.Checksum ^ 1 },
            Defect.ZeroChecksum => header with { Checksum = 0 },
            Defect.ZeroSize => header with { Size = 0 },
            Defect.ZeroStatus => header with { Meta = 0 },
            Defect.BitFlagSet => header with { BitFlags = 0x02 },
            Defect.CompressionOutOfRange => header with { Compression = (CompressionFlags)4 },
            Defect.NegativeCompression => header with { Compression = (CompressionFlags)(-1) },
            Defect.ZstdWithoutFilter => header with { Compression = CompressionFlags.Zstd },
            Defect.UnknownSession => header with { Session = 999 },
            Defect.TooLarge => header with { Size = 4096 },
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };
        header.Write(frame);
        return defect == Defect.ZeroSize ? frame[..RpcHeader.Length] : frame;
    }
}
