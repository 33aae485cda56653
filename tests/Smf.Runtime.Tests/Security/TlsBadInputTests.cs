using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Smf.Client;
using Smf.Runtime.Tests.Server;
using Smf.Security;

namespace Smf.Runtime.Tests.Security;

/// <summary>
/// Each bad handshake fails only its own connection: the client gets a clear exception, the server counts and logs the
/// reason without throwing, and a good client is served right after.
/// </summary>
[TestClass]
public sealed class TlsBadInputTests
{
    private static TestCertificates s_certificates = null!;

    [ClassInitialize]
    public static void CreateCertificates(TestContext context) => s_certificates = TestCertificates.Create();

    [ClassCleanup]
    public static void DeleteCertificates() => s_certificates.Dispose();

    [TestMethod]
    public async Task Handshake_PlaintextClientOnTlsPort_ClosedCountedAndLogged()
    {
        using var logs = new LogCapture();
        await using var server = await TlsTestServer.StartAsync(ServerTls(), o => o.LoggerFactory = logs);
        using var raw = await RawClient.ConnectAsync(server.EndPoint);

        await raw.SendAsync(Protocol.WireVectors.PutRequestFrame);

        Assert.IsTrue(await raw.IsClosedByServerAsync());
        Assert.AreEqual(1L, await server.WaitForAsync(c => c.TlsHandshakeFailures, 1));
        Assert.AreEqual(1, logs.Texts(30).Length);
        await AssertGoodClientServedAsync(server);
    }

    [TestMethod]
    public async Task Handshake_TlsClientOnPlaintextPort_ClientFailsClearlyServerCountsABadFrame()
    {
        await using var server = await TlsTestServer.StartAsync(tls: null);
        await using var client = server.NewClient(s_certificates.Authority);

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => TlsConnectionTests.WhoAsync(client));

        StringAssert.Contains(error.Message, "TLS handshake");
        Assert.AreEqual(1L, await server.WaitForAsync(c => c.BadRequests, 1));
        await using var plain = new RpcClient(new RpcClientOptions { EndPoint = server.EndPoint });
        Assert.AreEqual("-", await TlsConnectionTests.WhoAsync(plain));
    }

    [TestMethod]
    public async Task Handshake_ServerCertificateFromAnotherCa_ClientRejectsItNamingTheChainError()
    {
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { Certificate = s_certificates.OtherServer });
        await using var client = server.NewClient(s_certificates.Authority);

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => TlsConnectionTests.WhoAsync(client));

        StringAssert.Contains(error.Message, "its chain is not valid: PartialChain");
    }

    [TestMethod]
    public async Task Handshake_ExpiredServerCertificate_ClientRejectsItAsNotTimeValid()
    {
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { Certificate = s_certificates.ExpiredServer });
        await using var client = server.NewClient(s_certificates.Authority);

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => TlsConnectionTests.WhoAsync(client));

        StringAssert.Contains(error.Message, "NotTimeValid");
    }

    [TestMethod]
    public async Task Handshake_NotYetValidServerCertificate_ClientRejectsItAsNotTimeValid()
    {
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { Certificate = s_certificates.FutureServer });
        await using var client = server.NewClient(s_certificates.Authority);

        var error = await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => TlsConnectionTests.WhoAsync(client));

        StringAssert.Contains(error.Message, "NotTimeValid");
    }

    [TestMethod]
    public async Task Handshake_MutualTlsWithoutClientCertificate_FailsOnlyThatConnectionAndLogsWhy()
    {
        using var logs = new LogCapture();
        await using var server = await TlsTestServer.StartAsync(ServerTls(RpcClientCertificateMode.RequireCertificate), o => o.LoggerFactory = logs);
        await using var anonymous = server.NewClient(s_certificates.Authority);

        await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => TlsConnectionTests.WhoAsync(anonymous));

        Assert.AreEqual(1L, await server.WaitForAsync(c => c.TlsHandshakeFailures, 1));
        StringAssert.Contains(logs.Texts(30).Single(), "sent no certificate");
        await using var good = server.NewClient(s_certificates.Authority, s_certificates.ClientA);
        Assert.AreEqual(s_certificates.ClientA.Subject, await TlsConnectionTests.WhoAsync(good));
    }

    [TestMethod]
    public async Task Handshake_MutualTlsWithClientCertificateFromAnotherCa_Rejected()
    {
        using var logs = new LogCapture();
        await using var server = await TlsTestServer.StartAsync(ServerTls(RpcClientCertificateMode.RequireCertificate), o => o.LoggerFactory = logs);
        await using var stranger = server.NewClient(s_certificates.Authority, s_certificates.UntrustedClient);

        await Assert.ThrowsExactlyAsync<RpcConnectionException>(() => TlsConnectionTests.WhoAsync(stranger));

        Assert.AreEqual(1L, await server.WaitForAsync(c => c.TlsHandshakeFailures, 1));
        StringAssert.Contains(logs.Texts(30).Single(), "its chain is not valid: PartialChain");
    }

    [TestMethod]
    public async Task Handshake_ClientStallsAfterConnecting_ClosedAtTheHandshakeTimeoutOfTheShardClockWhileOthersAreServed()
    {
        var clock = new FakeTimeProvider();
        await using var server = await TlsTestServer.StartAsync(ServerTls(), configureShards: o => o.TimeProvider = clock);
        using var staller = await RawClient.ConnectAsync(server.EndPoint);

        // The stalled handshake does not hold up its shard: a good client is served meanwhile.
        await AssertGoodClientServedAsync(server);
        Assert.AreEqual(0L, server.Sum(c => c.TlsHandshakeFailures));
        for (var i = 0; i < 500 && server.Sum(c => c.TlsHandshakeFailures) == 0; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(11));
            await Task.Delay(10);
        }

        Assert.AreEqual(1L, server.Sum(c => c.TlsHandshakeFailures));
        Assert.IsTrue(await staller.IsClosedByServerAsync());
    }

    [TestMethod]
    public async Task Handshake_ClientDisconnectsMidHandshake_CountedAndOthersServed()
    {
        using var logs = new LogCapture();
        await using var server = await TlsTestServer.StartAsync(ServerTls(), o => o.LoggerFactory = logs);
        using (var quitter = await RawClient.ConnectAsync(server.EndPoint))
        {
            // The first bytes of a TLS record carrying a ClientHello, then nothing: the client goes away.
            await quitter.SendAsync([0x16, 0x03, 0x01, 0x00, 0xF0, 0x01, 0x00]);
        }

        Assert.AreEqual(1L, await server.WaitForAsync(c => c.TlsHandshakeFailures, 1));
        Assert.AreEqual(1, logs.Texts(30).Length);
        await AssertGoodClientServedAsync(server);
    }

    private static RpcServerTlsOptions ServerTls(RpcClientCertificateMode mode = RpcClientCertificateMode.NoCertificate)
    {
        var tls = new RpcServerTlsOptions { Certificate = s_certificates.Server, ClientCertificateMode = mode };
        if (mode != RpcClientCertificateMode.NoCertificate)
        {
            tls.ClientCertificateAuthorities.Add(s_certificates.Authority);
        }

        return tls;
    }

    private static async Task AssertGoodClientServedAsync(TlsTestServer server)
    {
        await using var good = server.NewClient(s_certificates.Authority, s_certificates.ClientA);
        Assert.AreNotEqual(string.Empty, await TlsConnectionTests.WhoAsync(good));
    }
}
