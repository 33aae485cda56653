using Smf.Build.Tests.Infrastructure;
using Smf.Build.Tests.Samples;

namespace Smf.Build.Tests.Templates;

[TestClass]
public sealed class SmfTemplatesTests
{
    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task SmfService_InstalledFromLocalFeed_BuildsAndServerAnswersClient()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The template test stops the server with SIGINT through /usr/bin/env, which needs Linux.");
        }

        // Arrange: the templates go into a private CLI home, so the machine's template list is untouched.
        using var workspace = new SdkWorkspace("templates");
        var cliHome = Path.Combine(workspace.Root, "cli-home");
        Directory.CreateDirectory(cliHome);
        var environment = new Dictionary<string, string> { ["DOTNET_CLI_HOME"] = cliHome };
        var install = DotNet.Run(workspace.Root, environment, "new", "install", RepoPaths.TemplatesPackage);
        Assert.IsTrue(install.Succeeded, install.Output);
        var clientDryRun = DotNet.Run(workspace.Root, environment, "new", "smf-client", "-n", "Probe", "-o", "Probe", "--dry-run");
        Assert.IsTrue(clientDryRun.Succeeded, clientDryRun.Output);
        StringAssert.Contains(clientDryRun.Output, "Probe.csproj");

        // Act: instantiate smf-service once, build both projects against the local feed, run them.
        var created = DotNet.Run(workspace.Root, environment, "new", "smf-service", "-n", "Hello", "-o", "Hello");
        Assert.IsTrue(created.Succeeded, created.Output);
        var serverBuild = workspace.Build("Hello/Hello.Server/Hello.Server.csproj");
        Assert.IsTrue(serverBuild.Succeeded, serverBuild.Output);
        var clientBuild = workspace.Build("Hello/Hello.Client/Hello.Client.csproj");
        Assert.IsTrue(clientBuild.Succeeded, clientBuild.Output);

        using var server = new ServerProcess(workspace.PathOf("Hello/Hello.Server/bin/Debug/net10.0/Hello.Server.dll"), "--Smf:Server:Port=0", "--Smf:Server:Shards=2");
        var port = await server.WaitForPortAsync(TimeSpan.FromSeconds(60));
        var client = DotNet.Run(workspace.Root, workspace.PathOf("Hello/Hello.Client/bin/Debug/net10.0/Hello.Client.dll"), $"--Smf:Clients:Greeter:Address=127.0.0.1:{port}", "--name", "template");
        var exitCode = await server.InterruptAsync(TimeSpan.FromSeconds(60));
        var uninstall = DotNet.Run(workspace.Root, environment, "new", "uninstall", "Smf.Templates");

        // Assert
        Assert.AreEqual(0, client.ExitCode, client.Output);
        StringAssert.Contains(client.Output, "Hello, template!");
        Assert.AreEqual(0, exitCode, server.Output);
        StringAssert.Contains(server.Output, "Greeting template on shard");
        StringAssert.Contains(File.ReadAllText(workspace.PathOf("Hello/global.json")), RepoPaths.PackageVersion);
        Assert.IsTrue(uninstall.Succeeded, uninstall.Output);
    }
}
