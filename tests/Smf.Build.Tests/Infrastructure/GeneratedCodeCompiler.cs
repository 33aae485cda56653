using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Smf.Build.Tests.Infrastructure;

/// <summary>Compiles generated C# in memory against the BCL, Google.FlatBuffers and Smf.Runtime.</summary>
internal static class GeneratedCodeCompiler
{
    private static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>Returns every warning and error of compiling <paramref name="sources"/> as a library.</summary>
    public static IReadOnlyList<Diagnostic> Compile(NullableContextOptions nullable, params string[] sources)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, path: $"generated{i}.cs")).ToArray();
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, allowUnsafe: false));
        return compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics);

    private static MetadataReference[] LoadReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var paths = trusted.Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll").ToList();
        paths.Add(typeof(Google.FlatBuffers.FlatBufferBuilder).Assembly.Location);
        paths.Add(typeof(Smf.Messages.IRpcObject<>).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }
}
