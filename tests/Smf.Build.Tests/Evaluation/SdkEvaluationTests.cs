using Microsoft.Build.Evaluation;
using Microsoft.Build.Execution;
using Smf.Build.Tests.EndToEnd;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.Evaluation;

/// <summary>Evaluates projects that use the packed Smf.Sdk with the installed SDK's MSBuild, in-process.</summary>
[TestClass]
public sealed class SdkEvaluationTests
{
    [TestMethod]
    public void Evaluate_SdkProject_CompileHasPredictedOutputsAndSchemasAreWatched()
    {
        // Arrange
        using var workspace = new SdkWorkspace("evaluation");
        workspace.Write("App/Schemas/kvstore.fbs", Schemas.KvStore);
        workspace.Write("App/Shared/kvstore.fbs", Schemas.KvStore);
        workspace.Write("App/Program.cs", "System.Console.WriteLine();");
        var projectPath = workspace.Write("App/App.csproj", Schemas.SdkProject("""
            <SmfSchema Include="Schemas/kvstore.fbs" />
            <SmfSchema Include="Shared/kvstore.fbs" Generate="false" />
            <SmfSchema Include="../Outside/other.fbs" Access="internal" />
            """));
        using var collection = new ProjectCollection();

        // Act
        var project = collection.LoadProject(projectPath);

        // Assert
        var compile = project.GetItems("Compile").Select(i => i.EvaluatedInclude.Replace('\\', '/')).ToList();
        var appDir = Path.GetDirectoryName(projectPath)!.Replace('\\', '/');
        CollectionAssert.Contains(compile, appDir + "/obj/Debug/net10.0/smf/Schemas/kvstore.fbs.cs", string.Join(Environment.NewLine, compile));
        CollectionAssert.Contains(compile, appDir + "/obj/Debug/net10.0/smf/__/Outside/other.fbs.cs", "A schema outside the project maps '..' to '__'.");
        Assert.IsFalse(compile.Any(c => c.Contains("Shared/kvstore.fbs.cs", StringComparison.Ordinal)), "Generate=\"false\" must not add a Compile item.");
        var watched = project.GetItems("Watch").Select(i => i.EvaluatedInclude.Replace('\\', '/')).ToList();
        CollectionAssert.Contains(watched, "Schemas/kvstore.fbs");
        Assert.AreEqual("true", project.GetPropertyValue("UsingSmfSdk"));
        Assert.IsTrue(
            project.GetItems("PackageReference").Any(p => p.EvaluatedInclude == "Smf.Runtime" && p.GetMetadataValue("Version") == RepoPaths.PackageVersion),
            "The SDK form must reference Smf.Runtime of the same version.");
        var internalItem = project.GetItems("SmfSchema").Single(i => i.EvaluatedInclude == "../Outside/other.fbs");
        Assert.AreEqual("internal", internalItem.GetMetadataValue("Access"));
        Assert.AreEqual("Both", internalItem.GetMetadataValue("Services"));
    }

    [TestMethod]
    public void FastUpToDateCheck_AfterGeneration_ListsIncludedFilesFromTheDependencyFile()
    {
        // Arrange: the dependency file SmfCompile wrote for kvstore.fbs names the included common.fbs.
        using var workspace = new SdkWorkspace("up-to-date");
        workspace.Write("App/Schemas/kvstore.fbs", Schemas.KvStore);
        var common = workspace.Write("App/Schemas/common.fbs", Schemas.Common);
        workspace.Write("App/obj/Debug/net10.0/smf/Schemas/kvstore.fbs.d", workspace.PathOf("App/Schemas/kvstore.fbs") + "\n" + common + "\n");
        var projectPath = workspace.Write("App/App.csproj", Schemas.SdkProject("""<SmfSchema Include="Schemas/kvstore.fbs" />"""));
        using var collection = new ProjectCollection();
        var instance = collection.LoadProject(projectPath).CreateProjectInstance();

        // Act: what Visual Studio's CollectUpToDateCheckInputDesignTime triggers.
        var built = instance.Build("_SmfCollectUpToDateCheckInputs", loggers: null);

        // Assert
        Assert.IsTrue(built);
        var inputs = instance.GetItems("UpToDateCheckInput").Select(i => i.EvaluatedInclude).ToList();
        CollectionAssert.Contains(inputs, common, string.Join(Environment.NewLine, inputs));
        CollectionAssert.Contains(inputs, "Schemas/kvstore.fbs");
    }
}
