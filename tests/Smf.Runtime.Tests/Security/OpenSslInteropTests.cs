using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Smf.Client;
using Smf.Protocol;
using Smf.Runtime.Tests.Protocol;
using Smf.Runtime.Tests.Server;
using Smf.Security;

namespace Smf.Runtime.Tests.Security;

/// <summary>
/// TLS against an independent implementation, OpenSSL's command line (Debian's <c>openssl</c>): <c>s_client</c> sends the
/// published Put frame to our mutual-TLS server, and our mutual-TLS client talks through <c>s_server</c>, which
/// terminates TLS in front of a plaintext server (the test relays its decrypted bytes).
/// </summary>
[TestClass]
public sealed class OpenSslInteropTests
{
    private static TestCertificates s_certificates = null!;

    [ClassInitialize]
    public static void CreateCertificates(TestContext context) => s_certificates = TestCertificates.Create();

    [ClassCleanup]
    public static void DeleteCertificates() => s_certificates.Dispose();

    [TestMethod]
    public async Task OpenSslClient_MutualTlsToOurServer_PublishedPutFrameGetsThePublishedReply()
    {
        RequireOpenSsl();
        var tls = new RpcServerTlsOptions { Certificate = s_certificates.Server, ClientCertificateMode = RpcClientCertificateMode.RequireCertificate };
        tls.ClientCertificateAuthorities.Add(s_certificates.Authority);
        await using var server = await TlsTestServer.StartAsync(tls);
        var (authority, _) = s_certificates.WritePem("s_client-ca", s_certificates.Authority, withKey: false);
        var (certificate, key) = s_certificates.WritePem("s_client-client", s_certificates.ClientA);

        using var openssl = new OpenSslProcess(
            $"s_client -connect 127.0.0.1:{server.EndPoint.Port} -servername localhost -verify_hostname localhost -verify_return_error -CAfile {authority} -cert {certificate} -key {key} -quiet");
        var input = openssl.Process.StandardInput.BaseStream;
        await input.WriteAsync(WireVectors.PutRequestFrame);
        await input.FlushAsync();
        var reply = await ReadExactlyAsync(openssl.Process.StandardOutput.BaseStream, WireVectors.PutReplyFrame.Length, openssl.Process);

        CollectionAssert.AreEqual(WireVectors.PutReplyFrame, reply);
        Assert.AreEqual(0L, server.Sum(c => c.TlsHandshakeFailures));
    }

    [TestMethod]
    public async Task OurClient_MutualTlsThroughOpenSslServer_CallAnsweredByThePlaintextServerBehindIt()
    {
        RequireOpenSsl();
        await using var backend = await TlsTestServer.StartAsync(tls: null);
        var (authority, _) = s_certificates.WritePem("s_server-ca", s_certificates.Authority, withKey: false);
        var (certificate, key) = s_certificates.WritePem("s_server-server", s_certificates.Server);
        var port = FreePort();
        using var openssl = new OpenSslProcess($"s_server -accept 127.0.0.1:{port} -cert {certificate} -key {key} -Verify 1 -verify_return_error -CAfile {authority} -quiet");
        using var relay = await RawClient.ConnectAsync(backend.EndPoint);
        var tlsClient = new RpcClientTlsOptions { Certificate = s_certificates.ClientA, TargetHost = "localhost" };
        tlsClient.CertificateAuthorities.Add(s_certificates.Authority);
        await using var client = new RpcClient(new RpcClientOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port), Tls = tlsClient, CallTimeout = TimeSpan.FromSeconds(10) });
        await ConnectWhenListeningAsync(client, openssl.Process);

        var call = client.CallAsync(RpcHeader.Read(WireVectors.PutRequestFrame).Meta, WireVectors.PutRequestFrame.AsMemory(RpcHeader.Length));
        var request = await ReadFrameAsync(openssl.Process.StandardOutput.BaseStream, openssl.Process);
        await relay.SendAsync(request);
        var (header, payload) = await relay.ReadFrameAsync();
        var replyFrame = new byte[RpcHeader.Length + payload.Length];
        header.Write(replyFrame);
        payload.CopyTo(replyFrame, RpcHeader.Length);
        await openssl.Process.StandardInput.BaseStream.WriteAsync(replyFrame);
        await openssl.Process.StandardInput.BaseStream.FlushAsync();
        using var reply = await call;

        Assert.AreEqual(RpcStatus.Ok, reply.Status);
        CollectionAssert.AreEqual(WireVectors.PutReplyFrame[RpcHeader.Length..], reply.Payload.ToArray());
        Assert.AreEqual(RpcHeader.Read(WireVectors.PutRequestFrame).Meta, RpcHeader.Read(request).Meta, "s_server passed on the request our client encrypted.");
    }

    private static void RequireOpenSsl()
    {
        if (!File.Exists("/usr/bin/openssl"))
        {
            Assert.Inconclusive("openssl is missing; install it with: sudo apt-get install -y openssl");
        }
    }

    /// <summary>Connects once s_server listens: up to 100 attempts, 50 ms apart.</summary>
    private static async Task ConnectWhenListeningAsync(RpcClient client, Process openssl)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.ConnectAsync();
                return;
            }
            catch (RpcConnectionException) when (attempt < 100 && !openssl.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static async Task<byte[]> ReadFrameAsync(Stream stream, Process openssl)
    {
        var header = await ReadExactlyAsync(stream, RpcHeader.Length, openssl);
        var payload = await ReadExactlyAsync(stream, (int)RpcHeader.Read(header).Size, openssl);
        return [.. header, .. payload];
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, Process openssl)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await stream.ReadExactlyAsync(buffer, timeout.Token);
        }
        catch (Exception e) when (e is EndOfStreamException or OperationCanceledException)
        {
            Assert.Fail($"openssl gave fewer than {count} bytes ({e.GetType().Name}; exited: {openssl.HasExited}).");
        }

        return buffer;
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>An openssl process started by a test and killed when the test ends (s_server never exits by itself).</summary>
    private sealed class OpenSslProcess : IDisposable
    {
        public OpenSslProcess(string arguments)
        {
            var start = new ProcessStartInfo("/usr/bin/openssl", arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            Process = Process.Start(start)!;
            Process.ErrorDataReceived += (_, _) => { };
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit(5000);
            }

            Process.Dispose();
        }
    }
}
