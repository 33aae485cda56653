using System.Diagnostics;
using Smf.Build.Tests.Infrastructure;

namespace Smf.Build.Tests.EndToEnd;

/// <summary>
/// Real <c>dotnet build</c> child processes on temp copies of small projects that consume the packed
/// Smf.Sdk from artifacts/packages, exactly as a user's repository would.
/// </summary>
[TestClass]
public sealed class SdkBuildTests
{
    private const string GeneratedKvStore = "obj/Debug/net10.0/smf/Schemas/kvstore.fbs.cs";
    private const string DependencyKvStore = "obj/Debug/net10.0/smf/Schemas/kvstore.fbs.d";
    private const string Stamp = "obj/Debug/net10.0/smf/smf.stamp";

    [TestMethod]
    public void Build_SdkProject_GeneratesRunsSkipsRegeneratesOnIncludeChangeOrDeletedOutputAndCleans()
    {
        // Arrange
        using var workspace = new SdkWorkspace("lifecycle");
        workspace.Write("App/Schemas/common.fbs", Schemas.Common);
        workspace.Write("App/Schemas/kvstore.fbs", Schemas.KvStore);
        workspace.Write("App/Program.cs", Schemas.KvStoreProgram);
        workspace.Write("App/App.csproj", Schemas.SdkProject("""<SmfSchema Include="Schemas/kvstore.fbs" />"""));
        var generated = workspace.PathOf("App/" + GeneratedKvStore);
        var stamp = workspace.PathOf("App/" + Stamp);

        // Act + Assert: first build generates and compiles.
        var first = workspace.Build("App/App.csproj");
        Assert.IsTrue(first.Succeeded, first.Output);
        Assert.IsTrue(File.Exists(generated), $"'{generated}' was not generated.{Environment.NewLine}{first.Output}");
        StringAssert.Contains(File.ReadAllText(workspace.PathOf("App/" + DependencyKvStore)), Path.Combine("Schemas", "common.fbs"));

        // The program round-trips a message through the runtime and prints the smf ids.
        var run = workspace.Run("App", "bin/Debug/net10.0/App.dll");
        Assert.IsTrue(run.Succeeded, run.Output);
        StringAssert.Contains(run.Output, "verified=True");
        StringAssert.Contains(run.Output, "entry=answer=42");
        StringAssert.Contains(run.Output, "service=MemoryNode:504045560");

        // A second build does not run generation: the stamp and the output keep their timestamps.
        var stampTime = File.GetLastWriteTimeUtc(stamp);
        var generatedTime = File.GetLastWriteTimeUtc(generated);
        var second = workspace.Build("App/App.csproj");
        Assert.IsTrue(second.Succeeded, second.Output);
        Assert.AreEqual(stampTime, File.GetLastWriteTimeUtc(stamp), "Generation ran although nothing changed.");
        Assert.AreEqual(generatedTime, File.GetLastWriteTimeUtc(generated));

        // Touching the included file regenerates; identical output is not rewritten.
        File.SetLastWriteTimeUtc(workspace.PathOf("App/Schemas/common.fbs"), DateTime.UtcNow.AddSeconds(2));
        var third = workspace.Build("App/App.csproj");
        Assert.IsTrue(third.Succeeded, third.Output);
        Assert.AreNotEqual(stampTime, File.GetLastWriteTimeUtc(stamp), "Touching an included file did not regenerate.");
        Assert.AreEqual(generatedTime, File.GetLastWriteTimeUtc(generated), "An unchanged output was rewritten.");

        // A deleted output is generated again although no input changed.
        File.Delete(generated);
        var fourth = workspace.Build("App/App.csproj");
        Assert.IsTrue(fourth.Succeeded, fourth.Output);
        Assert.IsTrue(File.Exists(generated), "A deleted output was not generated again.");

        // dotnet clean removes every generated file.
        var clean = workspace.Run("App", "clean", "-nr:false", "-v:m");
        Assert.IsTrue(clean.Succeeded, clean.Output);
        Assert.IsFalse(File.Exists(generated), "dotnet clean left the generated file.");
        Assert.IsFalse(File.Exists(workspace.PathOf("App/" + DependencyKvStore)), "dotnet clean left the dependency file.");
        Assert.IsFalse(File.Exists(stamp), "dotnet clean left the stamp.");
    }

    [TestMethod]
    public void Build_SchemaError_FailsWithCodeAndLocation()
    {
        // Arrange
        using var workspace = new SdkWorkspace("error");
        workspace.Write("App/Schemas/bad.fbs", "namespace bad;\ntable T { a:Nope; }\n");
        workspace.Write("App/Program.cs", "System.Console.WriteLine();");
        workspace.Write("App/App.csproj", Schemas.SdkProject("""<SmfSchema Include="Schemas/bad.fbs" />"""));

        // Act
        var result = workspace.Build("App/App.csproj");

        // Assert
        Assert.IsFalse(result.Succeeded, result.Output);
        StringAssert.Contains(result.Output, Path.Combine("Schemas", "bad.fbs") + "(2,13,2,16): error SMF0305:", result.Output);
    }

    [TestMethod]
    public void Build_SameFileNameInTwoFoldersSharingAnInclude_GeneratesBothAndSharedTypesOnce()
    {
        // Arrange
        using var workspace = new SdkWorkspace("two-folders");
        workspace.Write("App/shared/units.fbs", "namespace shared;\nenum Unit : byte { Bytes, Items }\ntable Quantity { amount:ulong; unit:Unit; }\n");
        workspace.Write("App/A/messages.fbs", "include \"../shared/units.fbs\";\nnamespace a;\ntable Order { quantity:shared.Quantity; }\n");
        workspace.Write("App/B/messages.fbs", "include \"../shared/units.fbs\";\nnamespace b;\ntable Refund { quantity:shared.Quantity; }\n");
        workspace.Write("App/Program.cs", """
            var order = new a.OrderT { Quantity = new shared.QuantityT { Amount = 3, Unit = shared.Unit.Items } };
            var refund = new b.RefundT { Quantity = order.Quantity };
            System.Console.WriteLine($"{refund.Quantity!.Amount} {refund.Quantity.Unit}");
            """);
        workspace.Write("App/App.csproj", Schemas.SdkProject("""<SmfSchema Include="A/messages.fbs;B/messages.fbs" />"""));

        // Act
        var result = workspace.Build("App/App.csproj");

        // Assert: two outputs; compiling proves the shared types are not declared twice.
        Assert.IsTrue(result.Succeeded, result.Output);
        var a = File.ReadAllText(workspace.PathOf("App/obj/Debug/net10.0/smf/A/messages.fbs.cs"));
        var b = File.ReadAllText(workspace.PathOf("App/obj/Debug/net10.0/smf/B/messages.fbs.cs"));
        StringAssert.Contains(a, "Order");
        StringAssert.Contains(b, "Refund");
        Assert.AreEqual(1, (a.Contains("enum Unit", StringComparison.Ordinal) ? 1 : 0) + (b.Contains("enum Unit", StringComparison.Ordinal) ? 1 : 0), "The shared enum must be generated exactly once.");
        var run = workspace.Run("App", "bin/Debug/net10.0/App.dll");
        StringAssert.Contains(run.Output, "3 Items");
    }

    [TestMethod]
    public void DesignTimeBuild_NeverBuiltProject_PassesGeneratedFilesToCompiler()
    {
        // Arrange
        using var workspace = new SdkWorkspace("design-time");
        workspace.Write("App/Schemas/common.fbs", Schemas.Common);
        workspace.Write("App/Schemas/kvstore.fbs", Schemas.KvStore);
        workspace.Write("App/Program.cs", Schemas.KvStoreProgram);
        workspace.Write("App/App.csproj", Schemas.SdkProject("""<SmfSchema Include="Schemas/kvstore.fbs" />"""));

        // Act: what an IDE runs: CoreCompile with SkipCompilerExecution, asking for the command line.
        var result = workspace.Run(
            "App",
            "msbuild", "App.csproj", "-restore", "-nr:false", "-v:m",
            "-t:CoreCompile", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true",
            "-getItem:CscCommandLineArgs");

        // Assert
        Assert.IsTrue(result.Succeeded, result.Output);
        StringAssert.Contains(result.Output, "kvstore.fbs.cs", result.Output);
        Assert.IsFalse(File.Exists(workspace.PathOf("App/bin/Debug/net10.0/App.dll")), "A design-time build must not compile.");
    }

    [TestMethod]
    public void Build_MessagesOnlyProject_ReferencesRuntimeAndVerifiesWithItsVerifier()
    {
        // Arrange: Services="None" generates no service code, but the messages call Smf.Runtime's shared
        // helpers and verifier core (Smf.Messages.FlatBufferSupport, FlatBufferVerifier), so the SDK still references it.
        using var workspace = new SdkWorkspace("messages-only");
        workspace.Write("App/Schemas/common.fbs", Schemas.Common);
        workspace.Write("App/Schemas/kvstore.fbs", Schemas.KvStore);
        workspace.Write("App/Program.cs", """
            using Google.FlatBuffers;

            var builder = new FlatBufferBuilder(64);
            builder.Finish(kv.PutRequest.Pack(builder, new kv.PutRequestT { Entry = new kv.EntryT { Key = "answer", Value = "42" } }).Value);
            var payload = builder.SizedByteArray();
            Console.WriteLine($"verified={kv.PutRequest.Verify(payload)}");
            Console.WriteLine($"truncated={kv.PutRequest.Verify(payload.AsSpan(0, 8), out var error)}: {error}");
            """);
        workspace.Write("App/App.csproj", Schemas.SdkProject(
            """<SmfSchema Include="Schemas/kvstore.fbs" Services="None" />""",
            "<SmfImplicitHostingReference>false</SmfImplicitHostingReference>"));

        // Act
        var build = workspace.Build("App/App.csproj");
        var run = workspace.Run("App", "bin/Debug/net10.0/App.dll");

        // Assert
        Assert.IsTrue(build.Succeeded, build.Output);
        Assert.IsTrue(run.Succeeded, run.Output);
        StringAssert.Contains(run.Output, "verified=True");
        StringAssert.Contains(run.Output, "truncated=False: The buffer of 8 bytes is shorter than the 12 bytes of the smallest FlatBuffer.");
        var generated = File.ReadAllText(workspace.PathOf("App/" + GeneratedKvStore));
        StringAssert.Contains(generated, "ref global::Smf.Messages.FlatBufferVerifier v");
        Assert.IsFalse(generated.Contains("MemoryNode", StringComparison.Ordinal), "Services=\"None\" must not generate service code.");
        Assert.IsFalse(generated.Contains("file ref struct", StringComparison.Ordinal), "The verifier core lives in Smf.Runtime, not in the generated file.");
    }

    [TestMethod]
    public void Build_PackageReferenceForm_GeneratesAndReferencesRuntime()
    {
        // Arrange: a plain Microsoft.NET.Sdk project; NuGet imports build/Smf.Sdk.props|targets.
        using var workspace = new SdkWorkspace("package-reference");
        workspace.Write("App/Schemas/common.fbs", Schemas.Common);
        workspace.Write("App/Schemas/kvstore.fbs", Schemas.KvStore);
        workspace.Write("App/Program.cs", Schemas.KvStoreProgram);
        workspace.Write("App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Smf.Sdk" Version="{RepoPaths.PackageVersion}" />
                <SmfSchema Include="Schemas/kvstore.fbs" Services="Client" />
              </ItemGroup>
            </Project>
            """);

        // Act
        var build = workspace.Build("App/App.csproj");
        var run = workspace.Run("App", "bin/Debug/net10.0/App.dll");

        // Assert
        Assert.IsTrue(build.Succeeded, build.Output);
        Assert.IsTrue(run.Succeeded, run.Output);
        StringAssert.Contains(run.Output, "entry=answer=42");
        var generated = File.ReadAllText(workspace.PathOf("App/" + GeneratedKvStore));
        StringAssert.Contains(generated, "MemoryNodeClient");
        Assert.IsFalse(generated.Contains("abstract partial class MemoryNode ", StringComparison.Ordinal), "Services=\"Client\" must not generate the server base class.");
    }

    [TestMethod]
    public void Build_ServerOnlyAndClientOnlyProjects_TalkOverTcp()
    {
        // Arrange: one schema outside both projects; the server generates only the base class, the client only the client.
        using var workspace = new SdkWorkspace("client-server");
        workspace.Write("Schemas/store.fbs", Schemas.Store);
        workspace.Write("Server/Program.cs", Schemas.ServerProgram);
        workspace.Write("Server/Server.csproj", Schemas.SdkProject("""<SmfSchema Include="../Schemas/store.fbs" Services="Server" />"""));
        workspace.Write("Client/Program.cs", Schemas.ClientProgram);
        workspace.Write("Client/Client.csproj", Schemas.SdkProject("""<SmfSchema Include="../Schemas/store.fbs" Services="Client" Access="internal" />"""));
        var serverBuild = workspace.Build("Server/Server.csproj");
        Assert.IsTrue(serverBuild.Succeeded, serverBuild.Output);
        var clientBuild = workspace.Build("Client/Client.csproj");
        Assert.IsTrue(clientBuild.Succeeded, clientBuild.Output);
        Assert.IsFalse(File.ReadAllText(workspace.PathOf("Client/obj/Debug/net10.0/smf/__/Schemas/store.fbs.cs")).Contains("abstract partial class MemoryNode ", StringComparison.Ordinal));

        using var server = StartServer(workspace.PathOf("Server/bin/Debug/net10.0/Server.dll"), out var port);
        try
        {
            // Act
            var client = workspace.Run("Client", "bin/Debug/net10.0/Client.dll", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // Assert: Put is implemented; Get is not overridden, so the generated default answers 501.
            Assert.IsTrue(client.Succeeded, client.Output);
            StringAssert.Contains(client.Output, "put status=200 stored=True size=8");
            StringAssert.Contains(client.Output, "get status=501");
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process StartServer(string dll, out int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        var server = Process.Start(start)!;
        var line = server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("port=", StringComparison.Ordinal))
        {
            server.Kill(entireProcessTree: true);
            Assert.Fail($"The server did not report its port; it printed '{line}'.");
        }

        port = int.Parse(line["port=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return server;
    }
}
