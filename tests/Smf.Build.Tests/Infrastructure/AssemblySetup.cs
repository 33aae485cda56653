using Microsoft.Build.Locator;

namespace Smf.Build.Tests.Infrastructure;

/// <summary>Loads MSBuild from the installed .NET SDK before any test touches an MSBuild type.</summary>
[TestClass]
public static class AssemblySetup
{
    /// <summary>Registers the SDK's MSBuild; this method must not use MSBuild types itself.</summary>
    [AssemblyInitialize]
    public static void Initialize(TestContext context)
    {
        _ = context;
        if (!MSBuildLocator.IsRegistered)
        {
            MSBuildLocator.RegisterDefaults();
        }
    }
}
