using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Smf.Build.Tests.Infrastructure;

/// <summary>
/// A temp folder set up like a user's repository that consumes the packed Smf.Sdk: a nuget.config
/// with the repository's local feed and a private global package folder, and a global.json whose
/// msbuild-sdks entry pins Smf.Sdk to the version this build packed.
/// </summary>
/// <remarks>
/// NuGet never re-extracts a version already in a package folder, so the private folder is keyed by
/// a hash of the packed Smf.Sdk, Smf.Runtime and Smf.Hosting: every test of one run shares it (one download of
/// the nuget.org dependencies), and a rebuilt package gets a fresh folder. The packages themselves
/// are restored from a snapshot of artifacts/packages in the same folder.
/// </remarks>
internal sealed class SdkWorkspace : IDisposable
{
    private static readonly Lazy<string> SharedRoot = new(CreateSharedRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly TempDirectory _directory;

    public SdkWorkspace(string name)
    {
        _directory = new TempDirectory(name);
        var packages = Path.Combine(SharedRoot.Value, "packages");
        Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packages}" />
              </config>
              <packageSources>
                <clear />
                <add key="smf-local" value="{Path.Combine(SharedRoot.Value, "feed")}" />
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

        var globalJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "global.json")))!.AsObject();
        globalJson["msbuild-sdks"] = new JsonObject { ["Smf.Sdk"] = RepoPaths.PackageVersion };
        Write("global.json", globalJson.ToJsonString());

        // Stop MSBuild from importing anything above the workspace.
        Write("Directory.Build.props", "<Project />");
        Write("Directory.Build.targets", "<Project />");
        Write("Directory.Packages.props", "<Project />");
    }

    /// <summary>The private feed the workspace restores Smf packages from (a snapshot of artifacts/packages).</summary>
    public static string Feed => Path.Combine(SharedRoot.Value, "feed");

    public string Root => _directory.Path;

    public string Write(string relativePath, string content) => _directory.Write(relativePath, content);

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Runs <c>dotnet build</c> of <paramref name="project"/> with no node reuse and no compiler server.</summary>
    public ProcessResult Build(string project, params string[] extraArgs) =>
        DotNet.Run(Root, ["build", project, "-nr:false", "-p:UseSharedCompilation=false", "-v:m", "-clp:NoSummary", .. extraArgs]);

    public ProcessResult Run(string workingDirectory, params string[] args) => DotNet.Run(PathOf(workingDirectory), args);

    public void Dispose() => _directory.Dispose();

    private static string CreateSharedRoot()
    {
        var packed = new[] { RepoPaths.SdkPackage, RepoPaths.RuntimePackage, RepoPaths.HostingPackage };
        if (packed.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            Assert.Fail($"The package '{missing}' does not exist; build Smf.Sdk/Smf.Sdk.csproj first (building this test project does it).");
        }

        // Snapshot the packages into a private feed, so that a concurrent pack into artifacts/packages
        // (another build of Smf.Sdk) cannot hand a half-written package to a test's restore.
        var packages = packed.Select(p => (Name: Path.GetFileName(p), Bytes: File.ReadAllBytes(p))).ToList();
        using var sha = SHA256.Create();
        foreach (var (_, bytes) in packages)
        {
            sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        sha.TransformFinalBlock([], 0, 0);
        var hash = Convert.ToHexString(sha.Hash!)[..16].ToLowerInvariant();
        var parent = Path.Combine(Path.GetTempPath(), "smf-build-tests");
        var root = Path.Combine(parent, hash);
        var feed = Path.Combine(root, "feed");
        Directory.CreateDirectory(feed);
        foreach (var (name, bytes) in packages)
        {
            var target = Path.Combine(feed, name);
            if (!File.Exists(target) || new FileInfo(target).Length != bytes.Length)
            {
                var temp = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
                File.WriteAllBytes(temp, bytes);
                File.Move(temp, target, overwrite: true);
            }
        }

        DeleteStaleFolders(parent, root);
        return root;
    }

    // Package folders of earlier packs are left behind; drop those untouched for an hour.
    private static void DeleteStaleFolders(string parent, string current)
    {
        foreach (var folder in Directory.GetDirectories(parent))
        {
            if (folder != current && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
