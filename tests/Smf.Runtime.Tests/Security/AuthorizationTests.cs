using Smf.Client;
using Smf.Security;

namespace Smf.Runtime.Tests.Security;

[TestClass]
public sealed class AuthorizationTests
{
    private static TestCertificates s_certificates = null!;

    [ClassInitialize]
    public static void CreateCertificates(TestContext context) => s_certificates = TestCertificates.Create();

    [ClassCleanup]
    public static void DeleteCertificates() => s_certificates.Dispose();

    [TestMethod]
    public async Task Call_CertificateAllowList_401Without403OtherCertificateHandlerRunsOnlyForTheListed()
    {
        var tls = new RpcServerTlsOptions { Certificate = s_certificates.Server, ClientCertificateMode = RpcClientCertificateMode.AllowCertificate };
        tls.ClientCertificateAuthorities.Add(s_certificates.Authority);
        var authorization = new RpcAuthorization().Add(PeerService.ServiceName, "Who", RpcAuthorization.RequireCertificateThumbprint(s_certificates.ClientA.Thumbprint.ToLowerInvariant()));
        await using var server = await TlsTestServer.StartAsync(tls, o => o.Authorization = authorization);
        await using var anonymous = server.NewClient(s_certificates.Authority);
        await using var other = server.NewClient(s_certificates.Authority, s_certificates.ClientB);
        await using var listed = server.NewClient(s_certificates.Authority, s_certificates.ClientA);

        var statuses = new[] { await StatusAsync(anonymous), await StatusAsync(other), await StatusAsync(listed) };

        CollectionAssert.AreEqual(new[] { RpcStatus.Unauthorized, RpcStatus.Forbidden, RpcStatus.Ok }, statuses);
        Assert.AreEqual(1, server.PeerCalls, "Only the listed client's call ran the handler.");
        Assert.AreEqual(1L, server.Sum(c => c.Unauthorized));
        Assert.AreEqual(1L, server.Sum(c => c.Forbidden));
    }

    [TestMethod]
    public async Task Call_DefaultPolicyWithServiceException_TheMostSpecificPolicyApplies()
    {
        var authorization = new RpcAuthorization { DefaultPolicy = _ => RpcAuthorizationResult.Forbidden }
            .Add(Server.TypedService.ServiceName, RpcAuthorization.AllowAnonymous);
        await using var server = await TlsTestServer.StartAsync(tls: null, o => o.Authorization = authorization);
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.EndPoint });

        var peer = await StatusAsync(client);
        using var typed = await client.CallAsync<Messages.KvStore.PutRequestT, Messages.KvStore.PutRequest>(Server.TypedService.PutId, new Messages.KvStore.PutRequestT { Key = "k" });

        Assert.AreEqual(RpcStatus.Forbidden, peer);
        Assert.AreEqual(RpcStatus.Ok, typed.Status);
        Assert.AreEqual(0, server.PeerCalls);
    }

    [TestMethod]
    public async Task Call_PolicyThrows_Answered500AndHandlerDoesNotRun()
    {
        var authorization = new RpcAuthorization { DefaultPolicy = _ => throw new InvalidOperationException("policy bug") };
        await using var server = await TlsTestServer.StartAsync(tls: null, o => o.Authorization = authorization);
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = server.EndPoint });

        var status = await StatusAsync(client);

        Assert.AreEqual(RpcStatus.InternalError, status);
        Assert.AreEqual(0, server.PeerCalls);
    }

    private static async Task<RpcStatus> StatusAsync(RpcClient client)
    {
        using var reply = await client.CallAsync(PeerService.WhoId, Smf.Server.RpcReply.EmptyTable.ToArray());
        return reply.Status;
    }
}
