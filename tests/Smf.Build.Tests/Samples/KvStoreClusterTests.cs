using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.Samples;

/// <summary>
/// The kvstore sample as a cluster: three node processes on free ports and the client over all of them
/// (<c>--endpoints</c>), checked against rendezvous ownership computed here.
/// </summary>
[TestClass]
public sealed partial class KvStoreClusterTests
{
    private const int NodeCount = 3;
    private const int KeyCount = 60;
    private const int Shards = 2;

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Change = TimeSpan.FromSeconds(30);
    private static readonly string[] Keys = [.. Enumerable.Range(0, KeyCount).Select(i => $"key.{i}")];

    private static SdkWorkspace? s_sample;

    [ClassInitialize]
    public static void BuildSample(TestContext context)
    {
        _ = context;
        if (OperatingSystem.IsLinux())
        {
            s_sample = new SdkWorkspace("kvstore-cluster");
            KvStoreSample.CopyAndBuild(s_sample);
        }
    }

    [ClassCleanup]
    public static void DeleteSample() => s_sample?.Dispose();

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Cluster_ClientByEndpointsThenByServiceName_EveryKeyDumpedOnceByItsRendezvousOwner()
    {
        // Arrange
        var sample = Sample();
        var nodes = StartNodes(sample);
        try
        {
            var endpoints = await EndpointsAsync(nodes);

            // Act: one pass of puts and gets over the three nodes listed (--endpoints), one over the service name
            // smf://kvstore that configuration resolves to them; then Ctrl+C makes every node's shards dump their keys.
            var client = DotNet.Run(sample.Root, sample.PathOf(KvStoreSample.ClientDll), "--endpoints", string.Join(',', endpoints), "--count", KeyCount.ToString());
            var discovered = DotNet.Run(
                sample.Root,
                [sample.PathOf(KvStoreSample.ClientDll), "--Smf:Clients:MemoryNode:Address=smf://kvstore", "--count", KeyCount.ToString(), .. endpoints.Select((e, i) => $"--Services:kvstore:smf:{i}={e}")]);
            var exitCodes = new List<int>();
            foreach (var node in nodes)
            {
                exitCodes.Add(await node.InterruptAsync(Startup));
            }

            // Assert
            Assert.AreEqual(0, client.ExitCode, client.Output);
            Assert.AreEqual(KeyCount, Regex.Count(client.Output, @"get key=key\.\d+ status=200 value=val\.\d+ ok"), client.Output);
            CollectionAssert.AreEqual(new[] { 0, 0, 0 }, exitCodes, AllOutput(nodes));

            Assert.AreEqual(0, discovered.ExitCode, discovered.Output);
            Assert.AreEqual(KeyCount, Regex.Count(discovered.Output, @"get key=key\.\d+ status=200 value=val\.\d+ ok"), discovered.Output);

            var sentTo = PutLine().Matches(client.Output).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["node"].Value);
            CollectionAssert.AreEquivalent(
                sentTo.ToList(),
                PutLine().Matches(discovered.Output).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["node"].Value).ToList(),
                $"The client must send each key to the same node whichever way it learns the nodes.{Environment.NewLine}{discovered.Output}");
            var dumped = nodes
                .SelectMany((node, i) => KvStoreSample.DumpLine().Matches(node.Output).Select(m => (Key: m.Groups["key"].Value, Node: endpoints[i], Shard: int.Parse(m.Groups["shard"].Value))))
                .ToList();
            CollectionAssert.AreEquivalent(Keys, dumped.Select(d => d.Key).ToList(), $"Every key must be in exactly one node's dump.{Environment.NewLine}{AllOutput(nodes)}");
            foreach (var (key, node, shard) in dumped)
            {
                Assert.AreEqual(RendezvousOwner(key, endpoints), node, $"{key} was dumped by the wrong node.{Environment.NewLine}{AllOutput(nodes)}");
                Assert.AreEqual(node, sentTo[key], $"The client logged another node for {key}.{Environment.NewLine}{client.Output}");
                Assert.AreEqual(OwnerShard(key), shard, $"{key} was stored on the wrong shard of {node}.{Environment.NewLine}{AllOutput(nodes)}");
            }

            CollectionAssert.AreEquivalent(endpoints, dumped.Select(d => d.Node).Distinct().ToList(), "Every node must own keys.");
        }
        finally
        {
            DisposeAll(nodes);
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Cluster_NodeKilledThenRestarted_ItsKeysFailMeanwhileAndAreServedAgain()
    {
        // Arrange: three nodes and the client running rounds of puts and gets over them, until one round is all ok.
        var sample = Sample();
        var nodes = StartNodes(sample);
        ServerProcess? restarted = null;
        try
        {
            var endpoints = await EndpointsAsync(nodes);
            var victim = endpoints[1];
            var victimKeys = Keys.Where(key => RendezvousOwner(key, endpoints) == victim).ToList();
            Assert.AreNotEqual(0, victimKeys.Count, $"{victim} owns none of the {KeyCount} keys.");
            using var client = new ServerProcess(
                sample.PathOf(KvStoreSample.ClientDll),
                "--endpoints", string.Join(',', endpoints), "--count", KeyCount.ToString(), "--rounds", "2000", "--interval", "00:00:00.100");
            await WaitForRoundAsync(client, 0, Startup, round => round.Failed == 0);

            // Act 1: kill the node; the round under way may still have stored some of its keys, the one after has none.
            nodes[1].Kill();
            var failing = await WaitForRoundAsync(client, client.LineCount, Change, round => round.Failed > 0);
            var steady = await WaitForRoundAsync(client, failing.NextLine, Change, round => round.Number == failing.Round.Number + 1);

            // Assert 1: exactly the dead node's keys failed; puts at once, naming the node; gets were sent to another
            // node (Get is idempotent), which does not hold the key.
            var failures = FailureLine().Matches(client.Output).Where(m => int.Parse(m.Groups["round"].Value) == steady.Round.Number).ToList();
            CollectionAssert.AreEquivalent(victimKeys, failures.Select(m => m.Groups["key"].Value).ToList(), client.Output);
            Assert.AreEqual(victimKeys.Count, steady.Round.Failed, client.Output);
            foreach (var failure in failures)
            {
                Assert.AreEqual(victim, failure.Groups["node"].Value, failure.Value);
                StringAssert.Contains(failure.Groups["put"].Value, $"The endpoint '{victim}' that owns routing key '{failure.Groups["key"].Value}' takes no calls", failure.Value);
                Assert.AreEqual("status 404 (NotFound)", failure.Groups["get"].Value, failure.Value);
            }

            // Act 2: start the node again on the same port; the client reconnects to it.
            var beforeRestart = client.LineCount;
            restarted = new ServerProcess(sample.PathOf(KvStoreSample.ServerDll), "--ip", "127.0.0.1", "--port", victim.Split(':')[1], "--shards", Shards.ToString());
            await restarted.WaitForPortAsync(Startup);
            var recovered = await WaitForRoundAsync(client, beforeRestart, Change, round => round.Failed == 0);
            var clientExit = await client.InterruptAsync(Startup);
            var exitCodes = new List<int> { await nodes[0].InterruptAsync(Startup), await restarted.InterruptAsync(Startup), await nodes[2].InterruptAsync(Startup) };

            // Assert 2: the client ends on an all-ok round, and the restarted node holds its keys again (stored since).
            Assert.AreEqual(KeyCount, recovered.Round.Ok, client.Output);
            Assert.AreEqual(0, clientExit, client.Output);
            CollectionAssert.AreEqual(new[] { 0, 0, 0 }, exitCodes, AllOutput([nodes[0], restarted, nodes[2]]));
            CollectionAssert.AreEquivalent(victimKeys, KvStoreSample.DumpLine().Matches(restarted.Output).Select(m => m.Groups["key"].Value).ToList(), restarted.Output);
        }
        finally
        {
            restarted?.Dispose();
            DisposeAll(nodes);
        }
    }

    /// <summary>
    /// The endpoint that owns <paramref name="key"/>, computed here independently of Smf.Runtime
    /// (Smf.Runtime/Balancing/Internal/RendezvousHash.cs, docs/scale-out.md): the key's hash is XXH64 (seed 0) of its
    /// UTF-8 bytes, an endpoint's seed is XXH64 (seed 0) of its <c>host:port</c> text, its score is XXH64's final mix
    /// of <c>keyHash ^ seed</c>; the highest score wins, the first listed on a tie.
    /// </summary>
    private static string RendezvousOwner(string key, IReadOnlyList<string> endpoints)
    {
        var keyHash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key));
        return endpoints.MaxBy(endpoint => Avalanche(keyHash ^ XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(endpoint))))!;
    }

    private static ulong Avalanche(ulong h)
    {
        h ^= h >> 33;
        h *= 0xC2B2AE3D27D4EB4FUL;
        h ^= h >> 29;
        h *= 0x165667B19E3779F9UL;
        return h ^ (h >> 32);
    }

    /// <summary>The shard of a node that stores <paramref name="key"/> (the sample's KeyOwnership): XXH64 (seed 0) of its UTF-8 bytes modulo the shards.</summary>
    private static int OwnerShard(string key) => (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(key)) % Shards);

    private static SdkWorkspace Sample()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("The cluster test stops the nodes with SIGINT through /usr/bin/env, which needs Linux.");
        }

        return s_sample!;
    }

    private static ServerProcess[] StartNodes(SdkWorkspace sample) =>
        [.. Enumerable.Range(0, NodeCount).Select(_ => new ServerProcess(sample.PathOf(KvStoreSample.ServerDll), Shards))];

    private static async Task<string[]> EndpointsAsync(ServerProcess[] nodes)
    {
        var endpoints = new string[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            endpoints[i] = $"127.0.0.1:{await nodes[i].WaitForPortAsync(Startup)}";
        }

        return endpoints;
    }

    /// <summary>Waits for the client's first round line from <paramref name="fromLine"/> on that <paramref name="accept"/> accepts.</summary>
    private static async Task<(Round Round, int NextLine)> WaitForRoundAsync(ServerProcess client, int fromLine, TimeSpan timeout, Func<Round, bool> accept)
    {
        var (match, next) = await client.WaitForLineAsync(RoundLine(), fromLine, timeout, m => accept(Round.Of(m)));
        return (Round.Of(match), next);
    }

    private static string AllOutput(IEnumerable<ServerProcess> nodes) => string.Join(Environment.NewLine, nodes.Select(n => n.Output));

    private static void DisposeAll(ServerProcess[] nodes)
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }
    }

    /// <summary>A client's round line: <c>round 3: 57 ok, 3 failed</c>.</summary>
    private readonly record struct Round(int Number, int Ok, int Failed)
    {
        public static Round Of(Match match) =>
            new(int.Parse(match.Groups["round"].Value), int.Parse(match.Groups["ok"].Value), int.Parse(match.Groups["failed"].Value));
    }

    [GeneratedRegex(@"put key=(?<key>\S+) node=(?<node>\S+) status=200")]
    private static partial Regex PutLine();

    [GeneratedRegex(@"round (?<round>\d+) key=(?<key>\S+) node=(?<node>\S+) get: (?<get>[^;\n]*); put: (?<put>.*)$", RegexOptions.Multiline)]
    private static partial Regex FailureLine();

    [GeneratedRegex(@"round (?<round>\d+): (?<ok>\d+) ok, (?<failed>\d+) failed")]
    private static partial Regex RoundLine();
}
