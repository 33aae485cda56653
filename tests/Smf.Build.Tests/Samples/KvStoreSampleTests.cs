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
        KvStoreSample.CopyAndBuild(sample);

        using var server = new ServerProcess(sample.PathOf(KvStoreSample.ServerDll), shards: 2);
        var port = await server.WaitForPortAsync(TimeSpan.FromSeconds(60));

        // Act: the client puts key.i/val.i and reads every key back; then Ctrl+C makes each shard dump its keys.
        var client = DotNet.Run(sample.Root, sample.PathOf(KvStoreSample.ClientDll), "--ip", "127.0.0.1", "--port", port.ToString(), "--count", KeyCount.ToString());
        var exitCode = await server.InterruptAsync(TimeSpan.FromSeconds(60));
        var output = server.Output;

        // Assert
        Assert.AreEqual(0, client.ExitCode, client.Output);
        Assert.AreEqual(KeyCount, Regex.Count(client.Output, @"get key=key\.\d+ status=200 value=val\.\d+ ok"), client.Output);
        Assert.AreEqual(0, exitCode, output);

        var owners = HandlingLine().Matches(output).Select(m => m.Groups["shard"].Value).Distinct().Order().ToArray();
        CollectionAssert.AreEqual(new[] { "0", "1" }, owners, $"Both shards must own keys.{Environment.NewLine}{output}");

        var dumped = KvStoreSample.DumpLine().Matches(output).Select(m => (Key: m.Groups["key"].Value, Value: m.Groups["value"].Value)).ToList();
        var expected = Enumerable.Range(0, KeyCount).Select(i => ($"key.{i}", $"val.{i}")).Order().ToList();
        CollectionAssert.AreEqual(expected, dumped.Order().ToList(), $"The dump must list every key exactly once.{Environment.NewLine}{output}");
    }

    [GeneratedRegex(@"handling put shard=(?<shard>\d+) key=")]
    private static partial Regex HandlingLine();
}
