using System.Security.Cryptography.X509Certificates;
using System.Text;
using Smf.Client;
using Smf.Security;
using Smf.Server;

namespace Smf.Runtime.Tests.Security;

[TestClass]
public sealed class TlsConnectionTests
{
    private static TestCertificates s_certificates = null!;

    [ClassInitialize]
    public static void CreateCertificates(TestContext context) => s_certificates = TestCertificates.Create();

    [ClassCleanup]
    public static void DeleteCertificates() => s_certificates.Dispose();

    [TestMethod]
    public async Task Call_OverTls_AnsweredAndNoPeerCertificateWithoutMutualTls()
    {
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { Certificate = s_certificates.Server });
        await using var client = server.NewClient(s_certificates.Authority);

        var subject = await WhoAsync(client);

        Assert.AreEqual("-", subject);
        Assert.AreEqual(0L, server.Sum(c => c.TlsHandshakeFailures));
    }

    [TestMethod]
    public async Task Call_MutualTls_HandlerSeesTheClientCertificate()
    {
        await using var server = await TlsTestServer.StartAsync(MutualTls());
        await using var client = server.NewClient(s_certificates.Authority, s_certificates.ClientA);

        var subject = await WhoAsync(client);

        Assert.AreEqual(s_certificates.ClientA.Subject, subject);
    }

    [TestMethod]
    public async Task Call_ManyCallsOverOneTlsConnection_AllAnswered()
    {
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { Certificate = s_certificates.Server });
        await using var client = server.NewClient(s_certificates.Authority);

        var calls = Enumerable.Range(0, 200).Select(_ => WhoAsync(client)).ToArray();
        var answers = await Task.WhenAll(calls);

        Assert.IsTrue(answers.All(a => a == "-"));
    }

    [TestMethod]
    public async Task Call_LargePayloadsInFlightOverTls_ComeBackIntact()
    {
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { Certificate = s_certificates.Server });
        await using var client = server.NewClient(s_certificates.Authority);
        var payloads = Enumerable.Range(0, 8).Select(i =>
        {
            var bytes = new byte[(768 * 1024) + i];
            new Random(i).NextBytes(bytes);
            return bytes;
        }).ToArray();

        // Several MiB in flight both ways: more than the sockets hold, so reads and writes wait for room on both sides.
        var replies = await Task.WhenAll(payloads.Select(async payload =>
        {
            using var reply = await client.CallAsync(PeerService.EchoId, payload);
            Assert.AreEqual(RpcStatus.Ok, reply.Status);
            return reply.Payload.ToArray();
        }));

        for (var i = 0; i < payloads.Length; i++)
        {
            CollectionAssert.AreEqual(payloads[i], replies[i], $"echo {i}");
        }
    }

    [TestMethod]
    public async Task Handshake_CertificateFilesReplaced_NewConnectionsUseTheNewCertificateOldOnesKeepServing()
    {
        var (certificatePath, keyPath) = s_certificates.WritePem("reload", s_certificates.Server);
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath });
        var (firstSeen, secondSeen) = (new List<string>(), new List<string>());
        await using var first = server.NewClient(s_certificates.Authority, configure: o => o.Tls!.ServerCertificateValidation = Recording(firstSeen));
        await WhoAsync(first);

        s_certificates.WritePem("reload", s_certificates.SecondServer);
        await using var second = server.NewClient(s_certificates.Authority, configure: o => o.Tls!.ServerCertificateValidation = Recording(secondSeen));
        await WhoAsync(second);
        var oldStillServed = await WhoAsync(first);

        CollectionAssert.AreEqual(new[] { s_certificates.Server.Thumbprint }, firstSeen);
        CollectionAssert.AreEqual(new[] { s_certificates.SecondServer.Thumbprint }, secondSeen);
        Assert.AreEqual("-", oldStillServed);
    }

    [TestMethod]
    public async Task Handshake_CertificateFileReplacedByGarbage_PreviousCertificateStaysAndTheFailureIsLogged()
    {
        var (certificatePath, keyPath) = s_certificates.WritePem("broken", s_certificates.Server);
        using var logs = new LogCapture();
        await using var server = await TlsTestServer.StartAsync(new RpcServerTlsOptions { CertificatePath = certificatePath, KeyPath = keyPath }, o => o.LoggerFactory = logs);

        File.WriteAllText(certificatePath, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        var seen = new List<string>();
        await using var client = server.NewClient(s_certificates.Authority, configure: o => o.Tls!.ServerCertificateValidation = Recording(seen));
        await WhoAsync(client);

        CollectionAssert.AreEqual(new[] { s_certificates.Server.Thumbprint }, seen);
        StringAssert.Contains(logs.Texts(32).Single(), certificatePath);
    }

    [TestMethod]
    public void Options_BadTlsSettings_FailAtConstructionNamingTheSetting()
    {
        var missing = Path.Combine(s_certificates.Directory, "missing.pem");
        (RpcServerTlsOptions Tls, string Named)[] cases =
        [
            (new RpcServerTlsOptions(), "RpcServerOptions.Tls.Certificate"),
            (new RpcServerTlsOptions { CertificatePath = missing }, "RpcServerOptions.Tls.CertificatePath"),
            (new RpcServerTlsOptions { Certificate = s_certificates.Server, ClientCertificateAuthorityPath = missing, ClientCertificateMode = RpcClientCertificateMode.RequireCertificate }, "RpcServerOptions.Tls.ClientCertificateAuthorityPath"),
            (new RpcServerTlsOptions { Certificate = s_certificates.Server, ClientCertificateAuthorities = { s_certificates.Authority } }, "RpcServerOptions.Tls.ClientCertificateMode"),
        ];

        foreach (var (tls, named) in cases)
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => new RpcServerOptions { Tls = tls }.Clone());
            StringAssert.Contains(error.Message, named);
        }

        var epoll = Assert.ThrowsExactly<ArgumentException>(() => new RpcServerOptions { Tls = new RpcServerTlsOptions { Certificate = s_certificates.Server }, Transport = RpcTransport.Epoll }.Clone());
        StringAssert.Contains(epoll.Message, "RpcServerOptions.Transport");
    }

    private static RpcServerTlsOptions MutualTls()
    {
        var tls = new RpcServerTlsOptions { Certificate = s_certificates.Server, ClientCertificateMode = RpcClientCertificateMode.RequireCertificate };
        tls.ClientCertificateAuthorities.Add(s_certificates.Authority);
        return tls;
    }

    private static System.Net.Security.RemoteCertificateValidationCallback Recording(List<string> seen) => (_, certificate, _, errors) =>
    {
        lock (seen)
        {
            seen.Add(((X509Certificate2)certificate!).Thumbprint);
        }

        return errors == System.Net.Security.SslPolicyErrors.None;
    };

    internal static async Task<string> WhoAsync(RpcClient client)
    {
        using var reply = await client.CallAsync(PeerService.WhoId, RpcReply.EmptyTable.ToArray());
        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        return Encoding.UTF8.GetString(reply.Payload.Span);
    }
}
