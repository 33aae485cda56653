using System.Reflection;
using System.Security.Cryptography;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Samples.Tests.KvStore;

/// <summary>
/// A copy of samples/kvstore in a temp folder, restoring Smf.Sdk and Smf.Runtime from the packages this build
/// packed, as a user's copy of the sample would from a feed.
/// </summary>
internal sealed class SampleCopy : IDisposable
{
    private readonly TempDirectory _directory = new("kvstore");

    public SampleCopy()
    {
        var sample = Path.Combine(RepoRoot, "samples", "kvstore");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sample, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj"))
            {
                continue;
            }

            var target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        // The sample's nuget.config reaches the local feed through the repository's; the copy names it directly,
        // with a package folder keyed by the packed bytes (NuGet never re-extracts a version it already has).
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{PackageFolder()}" />
              </config>
              <packageSources>
                <clear />
                <add key="smf-local" value="{LocalFeed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="smf-local">
                  <package pattern="Smf.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
    }

    public string Root => _directory.Path;

    public string ServerDll => Path.Combine(Root, "KvStore.Server", "bin", "Debug", "net10.0", "KvStore.Server.dll");

    public string ClientDll => Path.Combine(Root, "KvStore.Client", "bin", "Debug", "net10.0", "KvStore.Client.dll");

    private static string RepoRoot => Metadata("SmfRepoRoot");

    private static string LocalFeed => Path.Combine(RepoRoot, "artifacts", "packages");

    public ProcessResult Build(string project) =>
        DotNet.Run(Root, "build", project, "-nr:false", "-p:UseSharedCompilation=false", "-v:m", "-clp:NoSummary");

    public void Dispose() => _directory.Dispose();

    private static string PackageFolder()
    {
        var version = Metadata("SmfPackageVersion");
        using var sha = SHA256.Create();
        foreach (var name in new[] { $"Smf.Sdk.{version}.nupkg", $"Smf.Runtime.{version}.nupkg" })
        {
            var path = Path.Combine(LocalFeed, name);
            if (!File.Exists(path))
            {
                Assert.Fail($"The package '{path}' does not exist; build Smf.Sdk/Smf.Sdk.csproj first (building this test project does it).");
            }

            var bytes = File.ReadAllBytes(path);
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        return Path.Combine(Path.GetTempPath(), "smf-samples-tests", Convert.ToHexString(sha.Hash!)[..16].ToLowerInvariant(), "packages");
    }

    private static string Metadata(string key) =>
        typeof(SampleCopy).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata.");
}
