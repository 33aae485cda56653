using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Microsoft.CodeAnalysis;
using Smf.Build.Tasks;
using Smf.Build.Tests.Infrastructure;
using Smf.Protocol;

namespace Smf.Build.Tests.Tasks;

/// <summary>The SmfCompile task in-process with a fake build engine.</summary>
[TestClass]
public sealed class SmfCompileTests
{
    private const string KvStore = """
        namespace kvstore.fbs;

        table PutRequest {
          key:string;
          value:string;
        }

        table PutResponse {
        }

        /// The key/value store of the smf getting-started article.
        rpc_service MemoryNode {
          /// Stores a value.
          Put(PutRequest):PutResponse;
        }
        """;

    [TestMethod]
    public void Execute_SchemaWithInclude_WritesOutputAndDependencyFile()
    {
        // Arrange
        using var dir = new TempDirectory("task-include");
        var common = dir.Write("Schemas/common.fbs", "namespace kv;\ntable Entry { key:string; value:string; }\n");
        var root = dir.Write("Schemas/kv.fbs", "include \"common.fbs\";\nnamespace kv;\ntable PutRequest { entry:Entry; }\ntable PutResponse { stored:bool; }\nrpc_service Store { Put(PutRequest):PutResponse; }\n");
        var (task, engine) = CreateTask(dir, Item(dir, "Schemas/kv.fbs"));

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        var output = File.ReadAllText(OutputOf(dir, "Schemas/kv.fbs"));
        StringAssert.Contains(output, "StoreClient");
        StringAssert.Contains(output, "EntryT", "Types of an included file that is not an item go into its includer's output.");
        CollectionAssert.AreEqual(new[] { root, common }, File.ReadAllLines(DependencyOf(dir, "Schemas/kv.fbs")));
        Assert.AreEqual(2, task.WrittenFiles.Length);
    }

    [TestMethod]
    public void Execute_SecondRunWithSameInputs_RewritesNothing()
    {
        // Arrange
        using var dir = new TempDirectory("task-rerun");
        dir.Write("kv.fbs", KvStore);
        var (first, _) = CreateTask(dir, Item(dir, "kv.fbs"));
        Assert.IsTrue(first.Execute());
        var writeTime = File.GetLastWriteTimeUtc(OutputOf(dir, "kv.fbs"));
        var (second, engine) = CreateTask(dir, Item(dir, "kv.fbs"));

        // Act
        var ok = second.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        Assert.AreEqual(0, second.WrittenFiles.Length);
        Assert.AreEqual(writeTime, File.GetLastWriteTimeUtc(OutputOf(dir, "kv.fbs")));
    }

    [TestMethod]
    public void Execute_TwoItemsIncludeSameFile_EmitsIncludedTypesOnceInSmallestPath()
    {
        // Arrange
        using var dir = new TempDirectory("task-shared");
        dir.Write("shared/units.fbs", "namespace shared;\ntable Quantity { amount:ulong; }\n");
        dir.Write("B/messages.fbs", "include \"../shared/units.fbs\";\nnamespace b;\ntable Refund { quantity:shared.Quantity; }\n");
        dir.Write("A/messages.fbs", "include \"../shared/units.fbs\";\nnamespace a;\ntable Order { quantity:shared.Quantity; }\n");
        var (task, engine) = CreateTask(dir, Item(dir, "B/messages.fbs"), Item(dir, "A/messages.fbs"));

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        var a = File.ReadAllText(OutputOf(dir, "A/messages.fbs"));
        var b = File.ReadAllText(OutputOf(dir, "B/messages.fbs"));
        Assert.IsTrue(Regex.IsMatch(a, @"\bclass QuantityT\b"), "A (the smaller path) declares the shared types.");
        Assert.IsFalse(Regex.IsMatch(b, @"\bclass QuantityT\b"), "B references the shared types without declaring them.");
        var diagnostics = GeneratedCodeCompiler.Compile(NullableContextOptions.Enable, a, b);
        Assert.AreEqual(0, diagnostics.Count, GeneratedCodeCompiler.Describe(diagnostics));
    }

    [TestMethod]
    public void Execute_GenerateFalseItem_IsParsedButEmitsNothing()
    {
        // Arrange
        using var dir = new TempDirectory("task-generate-false");
        dir.Write("external.fbs", "namespace ext;\ntable Thing { id:int; }\n");
        dir.Write("main.fbs", "include \"external.fbs\";\nnamespace app;\ntable Holder { thing:ext.Thing; }\n");
        var external = Item(dir, "external.fbs");
        external.SetMetadata("Generate", "false");
        var (task, engine) = CreateTask(dir, Item(dir, "main.fbs"), external);

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        Assert.IsFalse(File.Exists(OutputOf(dir, "external.fbs")));
        Assert.IsTrue(File.Exists(DependencyOf(dir, "external.fbs")));
        var main = File.ReadAllText(OutputOf(dir, "main.fbs"));
        StringAssert.Contains(main, "HolderT");
        Assert.IsFalse(Regex.IsMatch(main, @"\bclass ThingT\b"), "An include-only item's types come from elsewhere.");
    }

    [TestMethod]
    public void Execute_SchemaError_LogsCodeAndSpanAndWritesNoOutput()
    {
        // Arrange
        using var dir = new TempDirectory("task-error");
        var bad = dir.Write("bad.fbs", "namespace bad;\ntable T { a:Nope; }\n");
        var (task, engine) = CreateTask(dir, Item(dir, "bad.fbs"));

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsFalse(ok);
        var error = engine.Errors.Single();
        Assert.AreEqual("SMF0305", error.Code);
        Assert.AreEqual(bad, error.File);
        Assert.AreEqual((2, 13, 2, 16), (error.LineNumber, error.ColumnNumber, error.EndLineNumber, error.EndColumnNumber));
        Assert.IsFalse(File.Exists(OutputOf(dir, "bad.fbs")));
        Assert.IsTrue(File.Exists(DependencyOf(dir, "bad.fbs")), "The dependency file is written even on errors, so a fix triggers a rebuild.");
    }

    [TestMethod]
    public void Execute_UpstreamServiceTestWithStreamingMethods_WarnsAtEachAttributeAndGeneratesTheRest()
    {
        // Arrange: Google's tests/service_test.fbs (Apache-2.0, copied under Smf.Compiler.Tests/Upstream).
        using var dir = new TempDirectory("task-streaming");
        var upstream = Path.Combine(RepoPaths.Root, "tests", "Smf.Compiler.Tests", "Upstream", "flatbuffers", "tests", "service_test.fbs");
        var schema = dir.Write("service_test.fbs", File.ReadAllText(upstream));
        var (task, engine) = CreateTask(dir, Item(dir, "service_test.fbs"));

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        Assert.IsEmpty(engine.Errors, engine.Describe());
        CollectionAssert.AreEqual(
            new[] { "SMF3101 8,45,8,53 HelloService.StreamClient", "SMF3101 9,45,9,53 HelloService.StreamServer", "SMF3101 10,39,10,47 HelloService.Stream" },
            engine.Warnings.Select(w => $"{w.Code} {w.LineNumber},{w.ColumnNumber},{w.EndLineNumber},{w.EndColumnNumber} {w.Message!.Split('\'')[1]}").ToList());
        Assert.IsTrue(engine.Warnings.All(w => w.File == schema));
        var output = File.ReadAllText(OutputOf(dir, "service_test.fbs"));
        StringAssert.Contains(output, "HelloAsync(");
        StringAssert.Contains(output, "class HelloRequestT");
        Assert.DoesNotContain("StreamClient", output);
        Assert.DoesNotContain("StreamServer", output);
        Assert.DoesNotContain("StreamAsync", output);
    }

    [TestMethod]
    public void Execute_InvalidMetadata_LogsEveryProblemWithItsCode()
    {
        // Arrange
        using var dir = new TempDirectory("task-metadata");
        dir.Write("kv.fbs", KvStore);
        var item = Item(dir, "kv.fbs");
        item.SetMetadata("Services", "Sometimes");
        item.SetMetadata("Access", "private");
        item.SetMetadata("Generate", "maybe");
        item.SetMetadata("Namespace", "1st.Place");
        var (task, engine) = CreateTask(dir, item);

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsFalse(ok);
        CollectionAssert.AreEquivalent(new[] { "SMF3001", "SMF3002", "SMF3003", "SMF3004" }, engine.Errors.Select(e => e.Code).ToList());
        StringAssert.Contains(engine.Errors.Single(e => e.Code == "SMF3001").Message, "'Sometimes'");
    }

    [TestMethod]
    public void Execute_ItemsSharingTypesWithDifferentNamespaceOverrides_LogsSmf3008()
    {
        // Arrange
        using var dir = new TempDirectory("task-namespaces");
        dir.Write("shared.fbs", "namespace s;\ntable Shared { x:int; }\n");
        dir.Write("a.fbs", "include \"shared.fbs\";\nnamespace a;\ntable A { s:s.Shared; }\n");
        dir.Write("b.fbs", "include \"shared.fbs\";\nnamespace b;\ntable B { s:s.Shared; }\n");
        var a = Item(dir, "a.fbs");
        a.SetMetadata("Namespace", "One");
        var b = Item(dir, "b.fbs");
        b.SetMetadata("Namespace", "Two");
        var (task, engine) = CreateTask(dir, a, b);

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsFalse(ok);
        Assert.AreEqual("SMF3008", engine.Errors.Single().Code);
    }

    [TestMethod]
    [DataRow("Both", true, true)]
    [DataRow("Server", true, false)]
    [DataRow("Client", false, true)]
    [DataRow("None", false, false)]
    public void Execute_ServicesMetadata_GeneratesTheRequestedSidesAndCompiles(string services, bool server, bool client)
    {
        // Arrange
        using var dir = new TempDirectory("task-services");
        dir.Write("kv.fbs", KvStore);
        var item = Item(dir, "kv.fbs");
        item.SetMetadata("Services", services);
        var (task, engine) = CreateTask(dir, item);

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        var code = File.ReadAllText(OutputOf(dir, "kv.fbs"));
        Assert.AreEqual(server, code.Contains("abstract partial class MemoryNode ", StringComparison.Ordinal), code);
        Assert.AreEqual(client, code.Contains("sealed partial class MemoryNodeClient", StringComparison.Ordinal), code);
        Assert.AreEqual(server || client, code.Contains("class MemoryNodeIds", StringComparison.Ordinal), code);
        var diagnostics = GeneratedCodeCompiler.Compile(NullableContextOptions.Enable, code);
        Assert.AreEqual(0, diagnostics.Count, GeneratedCodeCompiler.Describe(diagnostics));
    }

    [TestMethod]
    [DataRow("disable", "#nullable enable annotations")]
    [DataRow("enable", "#nullable enable")]
    public void Execute_Nullable_SetsTheDirectiveAndCompilesWithoutWarnings(string nullable, string directive)
    {
        // Arrange
        using var dir = new TempDirectory("task-nullable");
        dir.Write("kv.fbs", KvStore);
        var item = Item(dir, "kv.fbs");
        item.SetMetadata("Access", "internal");
        var (task, engine) = CreateTask(dir, item);
        task.Nullable = nullable;

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        var code = File.ReadAllText(OutputOf(dir, "kv.fbs"));
        Assert.IsTrue(code.Split('\n').Contains(directive), code);
        StringAssert.Contains(code, "internal abstract partial class MemoryNode ");
        var options = nullable == "disable" ? NullableContextOptions.Disable : NullableContextOptions.Enable;
        var diagnostics = GeneratedCodeCompiler.Compile(options, code);
        Assert.AreEqual(0, diagnostics.Count, GeneratedCodeCompiler.Describe(diagnostics));
    }

    [TestMethod]
    public void Execute_Ids_AreSmfsIncludingTypesFromOtherNamespacesAndFiles()
    {
        // Arrange: the wire-protocol vectors, plus a method whose types live in an included file and another namespace.
        using var dir = new TempDirectory("task-ids");
        dir.Write("kvstore.fbs", KvStore);
        dir.Write("demo/types.fbs", "namespace smf_gen.demo;\ntable Request { name:string; }\ntable Response { name:string; }\n");
        dir.Write("storage.fbs", "include \"demo/types.fbs\";\nnamespace app.storage;\nrpc_service SmfStorage { Get(smf_gen.demo.Request):smf_gen.demo.Response; }\n");
        var (task, engine) = CreateTask(dir, Item(dir, "kvstore.fbs"), Item(dir, "storage.fbs"));

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        var kv = File.ReadAllText(OutputOf(dir, "kvstore.fbs"));
        StringAssert.Contains(kv, "public const uint ServiceId = 504045560u;");
        StringAssert.Contains(kv, "public const uint PutMethodId = 3345117782u;");
        StringAssert.Contains(kv, "public const uint PutRequestId = 3647565230u;");
        var storage = File.ReadAllText(OutputOf(dir, "storage.fbs"));
        var expected = RequestId.Combine(RequestId.ForService("SmfStorage"), RequestId.ForMethod("Get", "smf_gen::demo::Request", "smf_gen::demo::Response"));
        Assert.AreEqual(1792279101u, expected);
        StringAssert.Contains(storage, $"public const uint GetRequestId = {expected}u;");
    }

    [TestMethod]
    public void Execute_TwoItemsWithTheSameOutputFile_LogsSmf3005()
    {
        // Arrange: what two items with the same Link would get.
        using var dir = new TempDirectory("task-duplicate-output");
        dir.Write("a/kv.fbs", KvStore);
        dir.Write("b/kv.fbs", KvStore.Replace("kvstore.fbs", "other.fbs", StringComparison.Ordinal));
        var first = Item(dir, "a/kv.fbs");
        var second = Item(dir, "b/kv.fbs");
        second.SetMetadata("OutputFile", first.GetMetadata("OutputFile"));
        var (task, engine) = CreateTask(dir, first, second);

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsFalse(ok);
        var error = engine.Errors.Single();
        Assert.AreEqual("SMF3005", error.Code);
        StringAssert.Contains(error.Message, Path.Combine("b", "kv.fbs"));
    }

    [TestMethod]
    public void Execute_SchemaListedTwice_IsOneItemUnlessTheMetadataDiffers()
    {
        // Arrange
        using var dir = new TempDirectory("task-listed-twice");
        dir.Write("kv.fbs", KvStore);
        var (same, sameEngine) = CreateTask(dir, Item(dir, "kv.fbs"), Item(dir, "kv.fbs"));
        var includeOnly = Item(dir, "kv.fbs");
        includeOnly.SetMetadata("Generate", "false");
        var (conflicting, conflictingEngine) = CreateTask(dir, Item(dir, "kv.fbs"), includeOnly);

        // Act
        var sameOk = same.Execute();
        var conflictingOk = conflicting.Execute();

        // Assert
        Assert.IsTrue(sameOk, sameEngine.Describe());
        Assert.IsFalse(conflictingOk);
        Assert.AreEqual("SMF3010", conflictingEngine.Errors.Single().Code);
        StringAssert.Contains(conflictingEngine.Errors.Single().Message, "Generate='false'");
    }

    [TestMethod]
    public void Execute_ServiceInTheGlobalNamespaceUsingTypesOfAnotherItem_Compiles()
    {
        // Arrange: the request and response are declared (and get their plug-ins) in the other item's output.
        using var dir = new TempDirectory("task-global");
        dir.Write("types.fbs", "namespace demo.types;\ntable Ping { n:int; }\ntable Pong { n:int; }\n");
        dir.Write("service.fbs", "include \"types.fbs\";\nrpc_service Echo { Ping(demo.types.Ping):demo.types.Pong; delete(demo.types.Ping):demo.types.Ping; }\n");
        var (task, engine) = CreateTask(dir, Item(dir, "service.fbs"), Item(dir, "types.fbs"));

        // Act
        var ok = task.Execute();

        // Assert
        Assert.IsTrue(ok, engine.Describe());
        var service = File.ReadAllText(OutputOf(dir, "service.fbs"));
        var types = File.ReadAllText(OutputOf(dir, "types.fbs"));
        StringAssert.Contains(service, "DeleteAsync");
        StringAssert.Contains(types, "IRpcTable<global::demo.types.Ping>");
        Assert.IsFalse(service.Contains("IRpcTable<", StringComparison.Ordinal), "Plug-ins belong to the unit that declares the table.");
        var diagnostics = GeneratedCodeCompiler.Compile(NullableContextOptions.Enable, service, types);
        Assert.AreEqual(0, diagnostics.Count, GeneratedCodeCompiler.Describe(diagnostics));
    }

    private static (SmfCompile Task, FakeBuildEngine Engine) CreateTask(TempDirectory dir, params ITaskItem[] items)
    {
        var recorder = FakeBuildEngine.Create(out var engine);
        var task = new SmfCompile { BuildEngine = (IBuildEngine)engine, Schemas = items, ProjectDirectory = dir.Path, Nullable = "enable" };
        return (task, recorder);
    }

    // What the Smf.Sdk targets compute for an item (see build/Smf.Sdk.targets).
    private static TaskItem Item(TempDirectory dir, string relativePath)
    {
        var item = new TaskItem(relativePath);
        item.SetMetadata("OutputFile", OutputOf(dir, relativePath));
        item.SetMetadata("DependencyFile", DependencyOf(dir, relativePath));
        return item;
    }

    private static string OutputOf(TempDirectory dir, string relativePath) => Path.Combine(dir.Path, "obj", "smf", relativePath + ".cs");

    private static string DependencyOf(TempDirectory dir, string relativePath) => Path.Combine(dir.Path, "obj", "smf", relativePath + ".d");
}
