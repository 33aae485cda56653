using Smf.Compiler;
using Smf.Compiler.CodeGen;
using Smf.Compiler.CodeGen.Services;

namespace Smf.Build.Tasks.Internal;

/// <summary>
/// One run of the build: compiles every item together, writes each item's dependency file and, when
/// the schemas are valid, each generating item's C# file, rewriting only what changed.
/// </summary>
internal sealed class SchemaBuild
{
    private SchemaBuild(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<BuildMessage> messages, IReadOnlyList<string> writtenFiles)
    {
        Diagnostics = diagnostics;
        Messages = messages;
        WrittenFiles = writtenFiles;
    }

    /// <summary>Schema and code generation diagnostics, in the order they were found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Errors of the build itself (inconsistent options, files that could not be written).</summary>
    public IReadOnlyList<BuildMessage> Messages { get; }

    /// <summary>The files written because their content changed.</summary>
    public IReadOnlyList<string> WrittenFiles { get; }

    public static SchemaBuild Run(IReadOnlyList<SchemaItem> items, NullableContext nullable)
    {
        var options = new SchemaCompilationOptions();
        var includeDirectories = new HashSet<string>(PathComparer.Instance);
        foreach (var item in items)
        {
            options.RootFiles.Add(item.FullPath);
            foreach (var directory in item.IncludeDirectories)
            {
                if (includeDirectories.Add(directory))
                {
                    options.IncludeDirectories.Add(directory);
                }
            }
        }

        var compilation = SchemaCompiler.Compile(options);
        var diagnostics = new List<Diagnostic>(compilation.Diagnostics);
        var messages = new List<BuildMessage>();
        var written = new List<string>();
        var model = compilation.Model;
        if (compilation.HasErrors || model is null)
        {
            // Still record what was read, so fixing an included file makes the next build run again.
            WriteDependencies(items, GenerationPlan.ForFailedCompilation(items, compilation.Dependencies), messages, written);
            return new SchemaBuild(diagnostics, messages, written);
        }

        var plan = GenerationPlan.Create(model, items);
        WriteDependencies(items, plan, messages, written);
        CheckNamespaceOverrides(items, plan, messages);
        if (messages.Count > 0)
        {
            return new SchemaBuild(diagnostics, messages, written);
        }

        var outputs = new List<(SchemaItem Item, string Text)>();
        foreach (var item in items)
        {
            if (!item.Generate)
            {
                continue;
            }

            var files = plan.FilesEmittedBy(item);
            var generatorOptions = new CSharpGeneratorOptions
            {
                Accessibility = item.IsPublic ? CSharpAccessibility.Public : CSharpAccessibility.Internal,
                NamespaceOverride = item.NamespaceOverride,
                Services = item.Services,
            };
            var problems = CSharpGenerator.Validate(model, files, generatorOptions);
            diagnostics.AddRange(problems);
            if (!problems.Any(p => p.Severity == DiagnosticSeverity.Error))
            {
                outputs.Add((item, nullable.Apply(CSharpGenerator.Generate(model, files, generatorOptions))));
            }
        }

        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return new SchemaBuild(diagnostics, messages, written);
            }
        }

        foreach (var (item, text) in outputs)
        {
            Write(item.OutputFile, text, messages, written);
        }

        return new SchemaBuild(diagnostics, messages, written);
    }

    private static void WriteDependencies(IReadOnlyList<SchemaItem> items, GenerationPlan plan, List<BuildMessage> messages, List<string> written)
    {
        foreach (var item in items)
        {
            var lines = plan.DependenciesOf(item);
            Write(item.DependencyFile, string.Join("\n", lines) + "\n", messages, written);
        }
    }

    // The namespace override renames every type of a unit and the references to it, so two items
    // whose units reference each other's types must agree on it.
    private static void CheckNamespaceOverrides(IReadOnlyList<SchemaItem> items, GenerationPlan plan, List<BuildMessage> messages)
    {
        var generating = items.Where(i => i.Generate).ToList();
        for (var i = 0; i < generating.Count; i++)
        {
            var a = generating[i];
            var aFiles = new HashSet<string>(plan.DependenciesOf(a), PathComparer.Instance);
            for (var j = i + 1; j < generating.Count; j++)
            {
                var b = generating[j];
                if (string.Equals(a.NamespaceOverride, b.NamespaceOverride, StringComparison.Ordinal))
                {
                    continue;
                }

                if (plan.DependenciesOf(b).Any(aFiles.Contains))
                {
                    messages.Add(new BuildMessage(
                        BuildCodes.ConflictingNamespaces,
                        b.FullPath,
                        $"The schemas '{a.FullPath}' (Namespace '{a.NamespaceOverride}') and '{b.FullPath}' (Namespace '{b.NamespaceOverride}') share included types, so they must use the same Namespace override."));
                }
            }
        }
    }

    private static void Write(string path, string content, List<BuildMessage> messages, List<string> written)
    {
        try
        {
            if (FileUpdater.WriteIfChanged(path, content))
            {
                written.Add(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            messages.Add(new BuildMessage(BuildCodes.WriteFailed, path, $"The file '{path}' could not be written: {ex.Message}"));
        }
    }
}
