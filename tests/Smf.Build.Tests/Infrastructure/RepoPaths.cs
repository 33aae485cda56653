using System.Reflection;

namespace Smf.Build.Tests.Infrastructure;

/// <summary>Where the repository and its local package feed are, and the version the build packed.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Metadata("SmfRepoRoot");

    public static string PackageVersion { get; } = Metadata("SmfPackageVersion");

    public static string LocalFeed { get; } = Path.Combine(Root, "artifacts", "packages");

    public static string SdkPackage => Path.Combine(LocalFeed, $"Smf.Sdk.{PackageVersion}.nupkg");

    public static string RuntimePackage => Path.Combine(LocalFeed, $"Smf.Runtime.{PackageVersion}.nupkg");

    public static string HostingPackage => Path.Combine(LocalFeed, $"Smf.Hosting.{PackageVersion}.nupkg");

    public static string TemplatesPackage => Path.Combine(LocalFeed, $"Smf.Templates.{PackageVersion}.nupkg");

    /// <summary>The task assembly the repository just built (what the Smf.Sdk package carries).</summary>
    public static string TaskAssembly => typeof(Smf.Build.Tasks.SmfCompile).Assembly.Location;

    private static string Metadata(string key)
    {
        foreach (var attribute in typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key == key && attribute.Value is { Length: > 0 } value)
            {
                return value;
            }
        }

        throw new InvalidOperationException($"The test assembly has no '{key}' metadata; build it through Smf.Build.Tests.csproj.");
    }
}
