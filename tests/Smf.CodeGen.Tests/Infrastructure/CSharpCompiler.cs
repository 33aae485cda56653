using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>
/// Compiles C# in memory with Roslyn the way a consuming project would (nullable, warnings as errors, XML docs; against
/// the BCL, Google.FlatBuffers and Smf.Runtime) and loads it.
/// </summary>
internal static class CSharpCompiler
{
    public static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Cache = new();

    /// <summary>Compiles the sources; returns every diagnostic of warning level or above (empty when clean).</summary>
    public static (byte[]? Image, IReadOnlyList<Diagnostic> Diagnostics) Compile(string assemblyName, params string[] sources)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: "Source" + i + ".cs")).ToArray();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
            .WithWarningLevel(9999)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithDeterministic(true);
        var compilation = CSharpCompilation.Create(assemblyName, trees, References.Value, options);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var diagnostics = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).ToList();
        return (result.Success ? stream.ToArray() : null, diagnostics);
    }

    /// <summary>Compiles and loads the sources once per key; fails the test with the diagnostics when they do not compile cleanly.</summary>
    public static Assembly Load(string key, params string[] sources)
    {
        var lazy = Cache.GetOrAdd(key, k => new Lazy<Assembly>(() =>
        {
            var (image, diagnostics) = Compile("Generated_" + k, sources);
            if (image is null || diagnostics.Count > 0)
            {
                throw new AssertFailedException("The generated code does not compile cleanly:\n" + Describe(diagnostics, sources));
            }

            return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image));
        }));
        return lazy.Value;
    }

    public static string Describe(IReadOnlyList<Diagnostic> diagnostics, string[] sources)
    {
        var lines = new List<string>();
        foreach (var d in diagnostics.Take(30))
        {
            var span = d.Location.GetLineSpan();
            var line = string.Empty;
            var index = int.Parse(span.Path.Replace("Source", string.Empty).Replace(".cs", string.Empty), System.Globalization.CultureInfo.InvariantCulture);
            var text = sources[index].Split('\n');
            if (span.StartLinePosition.Line < text.Length)
            {
                line = text[span.StartLinePosition.Line].Trim();
            }

            lines.Add(d.ToString() + "\n    " + line);
        }

        return string.Join("\n", lines);
    }

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = new List<MetadataReference>();
        foreach (var path in paths)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name == "System" || name == "mscorlib" || name == "netstandard" || name == "Microsoft.Win32.Primitives")
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }
        }

        references.Add(MetadataReference.CreateFromFile(typeof(Google.FlatBuffers.ByteBuffer).Assembly.Location));

        // Generated message code calls the shared helpers and verifier core of Smf.Runtime (Smf.Messages), as a project with SmfSchema items references it.
        references.Add(MetadataReference.CreateFromFile(typeof(Smf.Messages.FlatBufferVerifier).Assembly.Location));
        return references;
    }
}
