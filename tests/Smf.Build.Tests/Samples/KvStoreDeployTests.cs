using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Smf.Build.Tests.Infrastructure;
using Smf.Hosting;
using YamlDotNet.RepresentationModel;

namespace Smf.Build.Tests.Samples;

/// <summary>
/// samples/kvstore/deploy: the Kubernetes manifests read as YAML and the Dockerfile as text, checked against each other
/// and against the settings the server and the client bind. Docker and a cluster are not needed (nor used).
/// </summary>
[TestClass]
public sealed partial class KvStoreDeployTests
{
    private static readonly string Deploy = Path.Combine(KvStoreSample.Source, "deploy");

    [TestMethod]
    public void Service_IsHeadlessAndSelectsExactlyTheStatefulSetsPods()
    {
        // Arrange
        var service = Manifest("kvstore-service.yaml", "Service");
        var nodes = Manifest("kvstore-statefulset.yaml", "StatefulSet");
        var client = Manifest("kvstore-client-job.yaml", "Job");

        // Act
        var selector = Map(service, "spec", "selector");
        var podLabels = Map(nodes, "spec", "template", "metadata", "labels");
        var clientLabels = Map(client, "spec", "template", "metadata", "labels");

        // Assert
        Assert.AreEqual("None", Text(service, "spec", "clusterIP"));
        Assert.AreEqual(Text(service, "metadata", "name"), Text(nodes, "spec", "serviceName"), "The StatefulSet's serviceName must be the headless Service, which gives each pod its DNS name.");
        Assert.AreEqual(Text(service, "metadata", "namespace"), Text(nodes, "metadata", "namespace"));
        CollectionAssert.AreEquivalent(selector.ToList(), Map(nodes, "spec", "selector", "matchLabels").ToList(), "The Service must select what the StatefulSet selects.");
        Assert.IsTrue(selector.All(label => podLabels.Contains(label)), "The Service must select the StatefulSet's pods.");
        Assert.IsFalse(selector.All(label => clientLabels.Contains(label)), "The Service must not select the client Job's pod.");
    }

    [TestMethod]
    public void StatefulSet_ServerSettings_ListenOnEveryInterfaceAtTheServicesPort()
    {
        // Arrange
        var nodes = Manifest("kvstore-statefulset.yaml", "StatefulSet");
        var service = Manifest("kvstore-service.yaml", "Service");
        var container = Container(nodes, "kvstore");
        var smfPort = Named(Sequence(container, "ports"), "smf");
        var servicePort = Named(Sequence(service, "spec", "ports"), "smf");

        // Act: the server's settings as it binds them, appsettings.json overridden by the container's environment;
        // a key SmfServerOptions does not have fails the binding.
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(KvStoreSample.Source, "KvStore.Server", "appsettings.json"))
            .AddInMemoryCollection(EnvironmentOf(container))
            .Build()
            .GetSection("Smf:Server")
            .Get<SmfServerOptions>(binder => binder.ErrorOnUnknownConfiguration = true)!;

        // Assert: a headless Service does not map ports, so clients reach the pods on the port the server listens on.
        Assert.AreEqual("0.0.0.0", settings.Address);
        Assert.AreEqual(int.Parse(Text(smfPort, "containerPort")), settings.Port);
        Assert.AreEqual(int.Parse(Text(servicePort, "port")), settings.Port);
        Assert.AreEqual("smf", Text(servicePort, "targetPort"));
        Assert.IsFalse(settings.PinToCpus, "Pods share a machine's cores: their shards must not be pinned.");
        Assert.AreEqual(int.Parse(Text(container, "resources", "limits", "cpu")), settings.Shards, "One shard per CPU of the limit.");
        Assert.IsTrue(settings.EnableHealthService, "The readiness probe calls the smf health service.");
        Assert.IsTrue(settings.ShutdownDelay > TimeSpan.Zero && settings.ShutdownDelay < TimeSpan.FromSeconds(int.Parse(Text(nodes, "spec", "template", "spec", "terminationGracePeriodSeconds"))),
            "The server must report NotServing for a while before it stops accepting, within the grace period.");
    }

    [TestMethod]
    public void StatefulSet_ReadinessProbe_RunsSmfHealthAgainstTheServersPort()
    {
        // Arrange
        var container = Container(Manifest("kvstore-statefulset.yaml", "StatefulSet"), "kvstore");
        var port = EnvironmentOf(container)["Smf:Server:Port"];

        // Act
        var command = Sequence(container, "readinessProbe", "exec", "command").Select(node => ((YamlScalarNode)node).Value).ToList();

        // Assert: the image puts the smf tool on the PATH, and the probe asks the node's health service about the
        // service kvstore.fbs defines.
        var service = RpcService().Match(File.ReadAllText(Path.Combine(KvStoreSample.Source, "kvstore.fbs"))).Groups["name"].Value;
        CollectionAssert.AreEqual(new[] { "smf", "health", $"127.0.0.1:{port}", "--service", service }, command);
        StringAssert.Contains(File.ReadAllText(Path.Combine(Deploy, "Dockerfile")), $"dotnet tool install smf --tool-path /out/tools --version {RepoPaths.PackageVersion}");
        Assert.AreEqual("smf", Text(container, "livenessProbe", "tcpSocket", "port"), "Liveness checks the smf port only: a draining node is not ready, but alive.");
    }

    [TestMethod]
    public void ClientJob_Address_IsTheHeadlessServicesDnsName()
    {
        // Arrange
        var service = Manifest("kvstore-service.yaml", "Service");
        var nodes = Manifest("kvstore-statefulset.yaml", "StatefulSet");
        var job = Manifest("kvstore-client-job.yaml", "Job");
        var domain = $"{Text(service, "metadata", "name")}.{Text(service, "metadata", "namespace")}.svc.cluster.local";
        var port = Text(Named(Sequence(service, "spec", "ports"), "smf"), "port");

        // Act: the client's settings as it binds them, appsettings.json overridden by the container's environment.
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(KvStoreSample.Source, "KvStore.Client", "appsettings.json"))
            .AddInMemoryCollection(EnvironmentOf(Container(job, "client")))
            .Build()
            .GetSection("Smf:Clients:MemoryNode")
            .Get<SmfClientOptions>(binder => binder.ErrorOnUnknownConfiguration = true)!;
        var wait = string.Join(' ', Sequence(Named(Sequence(job, "spec", "template", "spec", "initContainers"), "wait-for-nodes"), "command").Select(node => ((YamlScalarNode)node).Value));

        // Assert: resolved by DNS, the headless Service's name answers every ready node; the init container waits for
        // each of the StatefulSet's pods by its own name.
        Assert.AreEqual($"smf://{domain}:{port}", settings.Address);
        Assert.AreEqual(0, settings.Endpoints.Count);
        var replicas = int.Parse(Text(nodes, "spec", "replicas"));
        StringAssert.Contains(wait, $"for node in {string.Join(' ', Enumerable.Range(0, replicas))}; do", wait);
        StringAssert.Contains(wait, $"smf health {Text(nodes, "metadata", "name")}-$node.{domain}:{port} --service MemoryNode;", wait);
    }

    [TestMethod]
    public void Dockerfile_ImagesAndPort_AreTheOnesTheManifestsUse()
    {
        // Arrange
        var dockerfile = File.ReadAllText(Path.Combine(Deploy, "Dockerfile"));
        var nodes = Manifest("kvstore-statefulset.yaml", "StatefulSet");
        var job = Manifest("kvstore-client-job.yaml", "Job");

        // Act
        var stages = Stage().Matches(dockerfile).Select(m => m.Groups["name"].Value).ToList();
        var builds = BuildCommand().Matches(dockerfile).ToDictionary(m => m.Groups["target"].Success ? m.Groups["target"].Value : stages[^1], m => m.Groups["tag"].Value);

        // Assert: the documented build commands make the images the manifests run; the default target is the server.
        Assert.AreEqual("server", stages[^1]);
        Assert.AreEqual(builds["server"], Text(Container(nodes, "kvstore"), "image"));
        Assert.AreEqual(builds["server"], Text(Named(Sequence(job, "spec", "template", "spec", "initContainers"), "wait-for-nodes"), "image"));
        Assert.AreEqual(builds["client"], Text(Container(job, "client"), "image"));
        var port = EnvironmentOf(Container(nodes, "kvstore"))["Smf:Server:Port"];
        StringAssert.Contains(dockerfile, $"Smf__Server__Port={port}");
        StringAssert.Contains(dockerfile, $"EXPOSE {port}");
    }

    /// <summary>The one document of <paramref name="file"/> in deploy/, which must be of <paramref name="kind"/>.</summary>
    private static YamlMappingNode Manifest(string file, string kind)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(Deploy, file)))
        {
            stream.Load(reader);
        }

        Assert.AreEqual(1, stream.Documents.Count, file);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Assert.AreEqual(kind, Text(root, "kind"), file);
        return root;
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            Assert.IsTrue(node is YamlMappingNode map && map.Children.ContainsKey(key), $"'{key}' is missing ({string.Join('.', path)}).");
            node = ((YamlMappingNode)node)[key];
        }

        return node;
    }

    private static string Text(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static Dictionary<string, string> Map(YamlNode node, params string[] path) =>
        ((YamlMappingNode)At(node, path)).Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);

    private static YamlSequenceNode Sequence(YamlNode node, params string[] path) => (YamlSequenceNode)At(node, path);

    private static YamlNode Named(YamlSequenceNode items, string name) =>
        items.Children.SingleOrDefault(item => Text(item, "name") == name) ?? throw new AssertFailedException($"No item is named '{name}'.");

    private static YamlNode Container(YamlNode workload, string name) => Named(Sequence(workload, "spec", "template", "spec", "containers"), name);

    /// <summary>A container's environment as configuration keys, the way environment variables become them (<c>__</c> is <c>:</c>).</summary>
    private static Dictionary<string, string?> EnvironmentOf(YamlNode container) =>
        Sequence(container, "env").Children.ToDictionary(item => Text(item, "name").Replace("__", ":"), item => (string?)Text(item, "value"));

    [GeneratedRegex(@"^rpc_service (?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex RpcService();

    [GeneratedRegex(@"^FROM \S+ AS (?<name>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Stage();

    [GeneratedRegex(@"docker build -f samples/kvstore/deploy/Dockerfile (--target (?<target>\S+) )?-t (?<tag>\S+) \.")]
    private static partial Regex BuildCommand();
}
