using System.Text.RegularExpressions;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.Samples;

/// <summary>samples/kvstore copied into a workspace that restores the packed SDK, built there, and the lines its programs print.</summary>
internal static partial class KvStoreSample
{
    public const string ServerDll = "KvStore.Server/bin/Debug/net10.0/KvStore.Server.dll";

    public const string ClientDll = "KvStore.Client/bin/Debug/net10.0/KvStore.Client.dll";

    /// <summary>The folder of the sample in the repository.</summary>
    public static string Source => Path.Combine(RepoPaths.Root, "samples", "kvstore");

    /// <summary>
    /// Copies samples/kvstore into the workspace, keeping the workspace's nuget.config and global.json: they name the
    /// local feed and the packed version directly, where the sample's reach them through the repository.
    /// </summary>
    public static void CopyTo(SdkWorkspace workspace)
    {
        foreach (var file in Directory.EnumerateFiles(Source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Contains("bin") || parts.Contains("obj") || relative is "nuget.config" or "global.json")
            {
                continue;
            }

            workspace.Write(relative, File.ReadAllText(file));
        }
    }

    /// <summary>Copies the sample into <paramref name="workspace"/> and builds its server and client; fails the test with the build log.</summary>
    public static void CopyAndBuild(SdkWorkspace workspace)
    {
        CopyTo(workspace);
        var serverBuild = workspace.Build("KvStore.Server/KvStore.Server.csproj");
        Assert.IsTrue(serverBuild.Succeeded, serverBuild.Output);
        var clientBuild = workspace.Build("KvStore.Client/KvStore.Client.csproj");
        Assert.IsTrue(clientBuild.Succeeded, clientBuild.Output);
    }

    /// <summary>A line of a shard's dump at exit: one stored pair.</summary>
    [GeneratedRegex(@"dump shard=(?<shard>\d+) key=(?<key>\S+) value=(?<value>\S+)")]
    public static partial Regex DumpLine();
}
