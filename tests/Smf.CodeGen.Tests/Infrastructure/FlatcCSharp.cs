using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>
/// A second C# writer and reader: flatc 2.0.8 <c>--csharp --gen-object-api</c> output, patched to compile against
/// Google.FlatBuffers 25.2.10 (see oracle.md), loaded with a driver that reads a buffer with flatc's object API and
/// writes it again with flatc's builder code.
/// </summary>
internal static class FlatcCSharp
{
    private static readonly ConcurrentDictionary<string, Lazy<MethodInfo>> Repackers = new();

    /// <summary>Reads <paramref name="buffer"/> with flatc's C# and writes it again with flatc's C#.</summary>
    public static byte[] Repack(string schemaPath, string rootNamespace, string rootName, byte[] buffer)
    {
        OracleTools.Require();
        var repack = Repackers.GetOrAdd(schemaPath, path => new Lazy<MethodInfo>(() => Build(path, rootNamespace, rootName))).Value;
        try
        {
            return (byte[])repack.Invoke(null, [buffer])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static MethodInfo Build(string schemaPath, string rootNamespace, string rootName)
    {
        var directory = OracleTools.ScratchDirectory("flatc-csharp");
        try
        {
            OracleTools.Run(OracleTools.Flatc, ["--csharp", "--gen-object-api", "-o", directory, schemaPath], directory);
            var sources = Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => File.ReadAllText(p)
                    .Replace("global::FlatBuffers", "global::Google.FlatBuffers")
                    .Replace("FlatBuffers.FlatBufferBuilder", "Google.FlatBuffers.FlatBufferBuilder")
                    .Replace("FLATBUFFERS_2_0_8()", "FLATBUFFERS_25_2_10()"))
                .ToList();
            sources.Add($$"""
public static class FlatcDriver
{
    public static byte[] Repack(byte[] buffer)
    {
        var value = global::{{rootNamespace}}.{{rootName}}.GetRootAs{{rootName}}(new global::Google.FlatBuffers.ByteBuffer(buffer)).UnPack();
        var builder = new global::Google.FlatBuffers.FlatBufferBuilder(64);
        global::{{rootNamespace}}.{{rootName}}.Finish{{rootName}}Buffer(builder, global::{{rootNamespace}}.{{rootName}}.Pack(builder, value));
        return builder.SizedByteArray();
    }
}
""");
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))).ToArray();
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Disable);
            var compilation = CSharpCompilation.Create("FlatcCSharp_" + OracleTools.Hash(schemaPath), trees, CSharpCompiler.References.Value, options);
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            if (!result.Success)
            {
                throw new AssertFailedException("flatc's C# does not compile: " + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
            }

            var assembly = AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(stream.ToArray()));
            return assembly.GetType("FlatcDriver")!.GetMethod("Repack")!;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
