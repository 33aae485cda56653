using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smf.Health;
using Smf.Hosting.Tests.Infrastructure;
using Smf.Security;

namespace Smf.Hosting.Tests.Security;

[TestClass]
public sealed class SmfServerSecurityBuilderTests
{
    [TestMethod]
    public async Task AddInterceptor_TwoInterceptorsWithInjection_RunInRegistrationOrderAroundHandler()
    {
        // Arrange
        var journal = new Journal();
        using var serverHost = Server(journal, b => b.AddInterceptor<RecordingInterceptor>().AddInterceptor<InnerRecordingInterceptor>());
        await serverHost.StartAsync();
        using var clientHost = Client(serverHost);

        // Act
        await clientHost.Services.GetRequiredService<KeyValueClient>().PutAsync("a");
        var events = journal.Events.Where(e => e.Contains(" Put", StringComparison.Ordinal)).ToArray();
        await serverHost.StopAsync();

        // Assert
        CollectionAssert.AreEqual(new[] { "outer before Put from anonymous", "inner before Put from anonymous", "inner after Put", "outer after Put" }, events);
    }

    [TestMethod]
    public async Task AddInterceptor_ShortCircuits_ClientGetsStatusAndHandlerDoesNotRun()
    {
        // Arrange: Fail's handler throws (500) if it runs; the interceptor answers 429 first.
        var journal = new Journal();
        using var serverHost = Server(journal, b => b.AddInterceptor(_ => new ShortCircuitInterceptor()));
        await serverHost.StartAsync();
        using var clientHost = Client(serverHost);
        var client = clientHost.Services.GetRequiredService<KeyValueClient>();

        // Act
        var error = await Assert.ThrowsExactlyAsync<RpcException>(async () => await client.FailAsync());
        var put = await client.PutAsync("b");
        await serverHost.StopAsync();

        // Assert
        Assert.AreEqual(RpcStatus.TooManyRequests, error.Status);
        Assert.AreEqual(ServingStatus.Serving, put.Status);
    }

    [TestMethod]
    public async Task AddInterceptor_DependencyNotRegistered_StartFailsNamingInterceptor()
    {
        // Arrange
        using var serverHost = Server(new Journal(), b => b.AddInterceptor<UnresolvableInterceptor>());

        // Act
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => serverHost.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, $"The smf server cannot create the interceptor {typeof(UnresolvableInterceptor).FullName}");
        StringAssert.Contains(error.Message, "System.Uri");
        Assert.AreEqual(SmfServerState.Stopped, serverHost.Services.GetRequiredService<SmfServer>().State);
    }

    [TestMethod]
    public async Task AddAuthorization_PolicyFromServices_DeniesPutAndAllowsHealth()
    {
        // Arrange: the policy comes from a registered singleton; a second call adds a method policy to the same table.
        var journal = new Journal();
        using var serverHost = Server(journal, b => b
            .AddAuthorization((services, authorization) => authorization.DefaultPolicy = services.GetRequiredService<RpcAuthorizationPolicy>())
            .AddAuthorization(authorization => authorization.Add("HealthService", RpcAuthorization.AllowAnonymous)));
        await serverHost.StartAsync();
        using var clientHost = Client(serverHost);

        // Act
        var denied = await Assert.ThrowsExactlyAsync<RpcException>(async () => await clientHost.Services.GetRequiredService<KeyValueClient>().PutAsync("c"));
        var health = await clientHost.Services.GetRequiredService<HealthServiceClient>().CheckAsync(new HealthCheckRequestT());
        await serverHost.StopAsync();

        // Assert: 401 without a client certificate, before the handler; the health service is open.
        Assert.AreEqual(RpcStatus.Unauthorized, denied.Status);
        Assert.AreEqual(ServingStatus.Serving, health.Status);
        Assert.AreEqual(0, journal.DumpedKeys.Count);
    }

    [TestMethod]
    public async Task AddAuthorization_ConfigureThrows_StartFailsWithCause()
    {
        // Arrange
        using var serverHost = Server(new Journal(), b => b.AddAuthorization(_ => throw new FormatException("bad thumbprint list")));

        // Act
        var error = await Assert.ThrowsExactlyAsync<InvalidOperationException>(() => serverHost.StartAsync());

        // Assert
        StringAssert.Contains(error.Message, "The smf server cannot set up its authorization policies: bad thumbprint list");
        Assert.IsInstanceOfType<FormatException>(error.InnerException);
    }

    private static IHost Server(Journal journal, Action<SmfServerBuilder> configure)
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddSingleton(journal);
        builder.Services.AddSingleton(RpcAuthorization.RequireClientCertificate);
        configure(builder.Services.AddSmfServer().AddSharded<KeyStore>().AddService<KeyValueService>());
        return builder.Build();
    }

    private static IHost Client(IHost serverHost)
    {
        var builder = TestHosts.CreateBuilder(null, ("Smf:Clients:kv:Address", $"127.0.0.1:{serverHost.Services.GetRequiredService<SmfServer>().LocalEndPoint.Port}"));
        builder.Services.AddSmfClient<KeyValueClient>("kv");
        builder.Services.AddSmfClient<HealthServiceClient>("kv");
        return builder.Build();
    }
}
