using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Smf.Build.Tasks.Internal;
using Smf.Compiler;

namespace Smf.Build.Tasks;

/// <summary>
/// Compiles every <c>SmfSchema</c> item of a project together, in-process, and writes one C# file per
/// item that generates code (messages, rpc_service base classes and typed clients) plus one dependency
/// file per item listing every schema file it read. Files are rewritten only when their content
/// changes. Schema errors and warnings are logged with their <c>SMF####</c> code and location.
/// </summary>
/// <remarks>
/// The Smf.Sdk targets compute each item's <c>OutputFile</c> and <c>DependencyFile</c> metadata, and
/// call this task only when an input (schema, included file, options, task assembly) is newer than
/// the last generation.
/// </remarks>
public sealed class SmfCompile : Microsoft.Build.Utilities.Task
{
    /// <summary>
    /// Every <c>SmfSchema</c> item, with the metadata <c>OutputFile</c> and <c>DependencyFile</c> (paths),
    /// <c>Services</c> (Both, Server, Client, None; default Both), <c>Access</c> (public, internal;
    /// default public), <c>Namespace</c> (C# namespace override; default none), <c>IncludeDirs</c>
    /// (semicolon-separated, relative to <see cref="ProjectDirectory"/>) and <c>Generate</c>
    /// (true, false; default true).
    /// </summary>
    [Required]
    public ITaskItem[] Schemas { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The directory relative item paths and include directories are resolved against.</summary>
    [Required]
    public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>
    /// The project's <c>Nullable</c> setting (<c>enable</c>, <c>disable</c>, <c>annotations</c>,
    /// <c>warnings</c>); the generated files use the same nullable context. Defaults to <c>enable</c>
    /// when empty.
    /// </summary>
    public string? Nullable { get; set; }

    /// <summary>The generated and dependency files this run wrote because their content changed.</summary>
    [Output]
    public ITaskItem[] WrittenFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc/>
    public override bool Execute()
    {
        var messages = new List<BuildMessage>();
        var items = SchemaItemReader.Read(Schemas, ProjectDirectory, messages);
        var nullableContext = NullableContext.Parse(Nullable, messages);
        foreach (var message in messages)
        {
            LogBuildMessage(message);
        }

        if (messages.Count > 0 || items.Count == 0)
        {
            return !Log.HasLoggedErrors;
        }

        var run = SchemaBuild.Run(items, nullableContext);
        foreach (var diagnostic in run.Diagnostics)
        {
            LogDiagnostic(diagnostic);
        }

        foreach (var message in run.Messages)
        {
            LogBuildMessage(message);
        }

        var written = new List<ITaskItem>(run.WrittenFiles.Count);
        foreach (var file in run.WrittenFiles)
        {
            Log.LogMessage(MessageImportance.Low, "Smf: wrote '{0}'.", file);
            written.Add(new TaskItem(file));
        }

        WrittenFiles = written.ToArray();
        Log.LogMessage(MessageImportance.Normal, "Smf: compiled {0} schema item(s); {1} file(s) changed.", items.Count, written.Count);
        return !Log.HasLoggedErrors;
    }

    private void LogDiagnostic(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            Log.LogError(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, "{0}", diagnostic.Message);
        }
        else
        {
            Log.LogWarning(null, diagnostic.Code, null, diagnostic.File, diagnostic.Line, diagnostic.Column, diagnostic.EndLine, diagnostic.EndColumn, "{0}", diagnostic.Message);
        }
    }

    private void LogBuildMessage(BuildMessage message) =>
        Log.LogError(null, message.Code, null, message.File, 0, 0, 0, 0, "{0}", message.Message);
}
