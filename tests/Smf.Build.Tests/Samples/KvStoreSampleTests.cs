using System.Text.RegularExpressions;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.Samples;

[TestClass]
public sealed partial class KvStoreSampleTests
{
    private const int KeyCount = 100;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Sample_TwoShardsHundredKeys_EveryKeyStoredOnceAndReadBack()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The sample test stops the server with SIGINT through /usr/bin/env, which needs Linux.");
        }

        // Arrange: build the sample's server and client from the packed SDK, in a temp copy.
        using var sample = new SdkWorkspace("kvstore");
        CopySample(sample);
        var serverBuild = sample.Build("KvStore.Server/KvStore.Server.csproj");
        Assert.IsTrue(serverBuild.Succeeded, serverBuild.Output);
        var clientBuild = sample.Build("KvStore.Client/KvStore.Client.csproj");
        Assert.IsTrue(clientBuild.Succeeded, clientBuild.Output);

        using var server = new ServerProcess(sample.PathOf(ServerDll), shards: 2);
        var port = await server.WaitForPortAsync(TimeSpan.FromSeconds(60));

        // Act: the client puts key.i/val.i and reads every key back; then Ctrl+C makes each shard dump its keys.
        var client = DotNet.Run(sample.Root, sample.PathOf(ClientDll), "--ip", "127.0.0.1", "--port", port.ToString(), "--count", KeyCount.ToString());
        var exitCode = await server.InterruptAsync(TimeSpan.FromSeconds(60));
        var output = server.Output;

        // Assert
        Assert.AreEqual(0, client.ExitCode, client.Output);
        Assert.AreEqual(KeyCount, Regex.Count(client.Output, @"get key=key\.\d+ status=200 value=val\.\d+ ok"), client.Output);
        Assert.AreEqual(0, exitCode, output);

        var owners = HandlingLine().Matches(output).Select(m => m.Groups["shard"].Value).Distinct().Order().ToArray();
        CollectionAssert.AreEqual(new[] { "0", "1" }, owners, $"Both shards must own keys.{Environment.NewLine}{output}");

        var dumped = DumpLine().Matches(output).Select(m => (Key: m.Groups["key"].Value, Value: m.Groups["value"].Value)).ToList();
        var expected = Enumerable.Range(0, KeyCount).Select(i => ($"key.{i}", $"val.{i}")).Order().ToList();
        CollectionAssert.AreEqual(expected, dumped.Order().ToList(), $"The dump must list every key exactly once.{Environment.NewLine}{output}");
    }

    private const string ServerDll = "KvStore.Server/bin/Debug/net10.0/KvStore.Server.dll";

    private const string ClientDll = "KvStore.Client/bin/Debug/net10.0/KvStore.Client.dll";

    /// <summary>
    /// Copies samples/kvstore into the workspace, keeping the workspace's nuget.config and global.json: they name the
    /// local feed and the packed version directly, where the sample's reach them through the repository.
    /// </summary>
    private static void CopySample(SdkWorkspace workspace)
    {
        var sample = Path.Combine(RepoPaths.Root, "samples", "kvstore");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sample, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj") || relative is "nuget.config" or "global.json")
            {
                continue;
            }

            workspace.Write(relative, File.ReadAllText(file));
        }
    }

    [GeneratedRegex(@"handling put shard=(?<shard>\d+) key=")]
    private static partial Regex HandlingLine();

    [GeneratedRegex(@"dump shard=\d+ key=(?<key>\S+) value=(?<value>\S+)")]
    private static partial Regex DumpLine();
}
